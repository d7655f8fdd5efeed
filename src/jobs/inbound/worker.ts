import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pipeline } from '../../core/bot/pipeline.js';
import type { IncomingMessage, PlatformName, SenderProfile } from '../../core/bot/types.js';
import type { Db } from '../../db/client.js';
import { log } from '../../log.js';
import type { PlatformClient } from '../../platforms/types.js';
import { fromStored } from './payload.js';
import { INBOUND_QUEUE, inboundJobSchema, type InboundJob } from './queue.js';

export interface InboundWorkerDeps {
  db: Db;
  /** The core's entry for messages: the bot, its replies to the Outbox, rescheduling. */
  pipeline: Pick<Pipeline, 'message'>;
  /** Contact API per platform, asked about senders the core has not met. */
  clients: Partial<Record<PlatformName, Pick<PlatformClient, 'getUserProfile'>>>;
  now?: () => Date;
}

export interface InboundWorkerOptions {
  /** A worker connection (maxRetriesPerRequest: null), see workerConnection(). */
  connection: Redis;
  prefix?: string;
  concurrency?: number;
}

export type ProcessOutcome = 'done' | 'skipped';

const ERROR_MAX = 2000;

/**
 * One stored event → the core's message pipeline (bot, Outbox, rescheduling). Claiming the row first makes a second job for
 * the same event (a re-add after Redis came back, a stalled job) skip once the first is done.
 */
export async function processInbound(deps: InboundWorkerDeps, inboundId: string): Promise<ProcessOutcome> {
  const now = deps.now ?? (() => new Date());
  const claimed = await deps.db.inboundEvent.updateMany({
    where: { id: inboundId, status: { in: ['pending', 'failed', 'processing'] } },
    data: { status: 'processing', attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return 'skipped';
  try {
    const row = await deps.db.inboundEvent.findUniqueOrThrow({ where: { id: inboundId }, select: { payload: true } });
    const msg = fromStored(row.payload);
    await deps.pipeline.message(msg, () => lookupProfile(deps, msg));
    await deps.db.inboundEvent.update({
      where: { id: inboundId },
      data: { status: 'done', processedAt: now(), error: null },
    });
    return 'done';
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    await deps.db.inboundEvent.update({ where: { id: inboundId }, data: { status: 'failed', error: message.slice(0, ERROR_MAX) } });
    throw err;
  }
}

function lookupProfile(deps: InboundWorkerDeps, msg: IncomingMessage): Promise<SenderProfile> {
  const client = deps.clients[msg.platform];
  // The playground has no contact API: the sender id is all there is.
  return client ? client.getUserProfile(msg.tenantKey, msg.senderId) : Promise.resolve({ name: msg.senderId });
}

export function createInboundWorker(deps: InboundWorkerDeps, opts: InboundWorkerOptions): Worker<InboundJob> {
  const worker = new Worker<InboundJob>(
    INBOUND_QUEUE,
    async (job: Job<InboundJob>) => {
      const { inboundId } = inboundJobSchema.parse(job.data);
      await processInbound(deps, inboundId);
    },
    { connection: opts.connection, concurrency: opts.concurrency ?? 8, ...(opts.prefix ? { prefix: opts.prefix } : {}) },
  );
  worker.on('failed', (job, err) => {
    log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'inbound event failed');
  });
  worker.on('error', (err) => log.warn({ err: err.message }, 'inbound worker connection error'));
  return worker;
}
