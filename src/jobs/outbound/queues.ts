import { Queue } from 'bullmq';
import type { PlatformName } from '../../core/bot/types.js';
import { QUEUE, type QueueConnection } from '../connection.js';
import type { RetryPolicy } from './limits.js';

export interface OutboundJobData {
  /** OutboundMessage.id; also the job id, so a row is queued at most once at a time. */
  rowId: string;
}

const PLATFORMS: readonly PlatformName[] = ['feishu', 'wecom', 'local'];

/**
 * One queue per platform, so each platform's published app-wide limit is a BullMQ limiter of its
 * own and a slow platform never holds up the other.
 */
export class OutboundQueues {
  readonly byPlatform: Record<PlatformName, Queue<OutboundJobData>>;

  constructor(conn: QueueConnection, retry: RetryPolicy) {
    const make = (p: PlatformName) =>
      new Queue<OutboundJobData>(QUEUE.outbound(p), {
        connection: conn.connection,
        prefix: conn.prefix,
        defaultJobOptions: {
          attempts: retry.attempts,
          // The worker's backoffStrategy: exponential with jitter, honouring the platform's retry-after.
          backoff: { type: 'platform' },
          removeOnComplete: true,
          removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
        },
      });
    this.byPlatform = { feishu: make('feishu'), wecom: make('wecom'), local: make('local') };
  }

  all(): Queue<OutboundJobData>[] {
    return PLATFORMS.map((p) => this.byPlatform[p]);
  }

  async add(platform: PlatformName, rowIds: readonly string[]): Promise<void> {
    if (rowIds.length === 0) return;
    await this.byPlatform[platform].addBulk(rowIds.map((rowId) => ({ name: 'send', data: { rowId }, opts: { jobId: rowId } })));
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
