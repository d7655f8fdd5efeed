import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PlatformName } from '../../core/bot/types.js';
import type { Db } from '../../db/client.js';
import { log } from '../../log.js';
import { jobFailures, sendsTotal } from '../../metrics.js';
import { PlatformError, type PlatformClient } from '../../platforms/types.js';
import { QUEUE, type QueueConnection } from '../connection.js';
import { deliverRow } from './deliver.js';
import { backoffDelay, type PlatformLimits, type RetryPolicy } from './limits.js';
import type { OutboundJobData } from './queues.js';
import { takeTargetSlot } from './targetWindow.js';

export interface OutboundWorkerDeps {
  db: Db;
  redis: Redis;
  conn: QueueConnection;
  clients: Partial<Record<PlatformName, PlatformClient>>;
  limits: PlatformLimits;
  retry: RetryPolicy;
  now: () => Date;
  concurrency?: number;
}

/** The one sender for a platform: app-wide limiter, per-target window, backoff with jitter. */
export function startOutboundWorker(platform: PlatformName, deps: OutboundWorkerDeps): Worker<OutboundJobData> {
  const { limits, retry } = deps;
  const worker = new Worker<OutboundJobData>(
    QUEUE.outbound(platform),
    async (job, token) => processSend(platform, deps, job, token),
    {
      connection: deps.conn.connection,
      prefix: deps.conn.prefix,
      // Enough in flight to reach the app-wide limit even when each send takes a few hundred ms.
      concurrency: deps.concurrency ?? Math.max(1, Math.min(limits.perApp.max, 50)),
      limiter: { max: limits.perApp.max, duration: limits.perApp.durationMs },
      settings: {
        backoffStrategy: (attemptsMade, _type, err) =>
          backoffDelay(retry, attemptsMade, err instanceof PlatformError ? err.retryAfterMs : undefined),
      },
    },
  );
  worker.on('failed', (job, err) => {
    if (err instanceof DelayedError) return;
    jobFailures.inc({ queue: QUEUE.outbound(platform), name: job?.name ?? 'send' });
  });
  worker.on('error', (err) => log.warn({ err, platform }, 'outbound worker error'));
  return worker;
}

async function processSend(platform: PlatformName, deps: OutboundWorkerDeps, job: Job<OutboundJobData>, token: string | undefined): Promise<string> {
  const { rowId } = job.data;
  const target = await deps.db.outboundMessage.findUnique({ where: { id: rowId }, select: { target: true, status: true } });
  if (target?.status === 'pending' && token) {
    const waitMs = await takeTargetSlot(deps.redis, `${deps.conn.prefix}:rl:${platform}:${target.target}`, deps.limits.perTarget);
    if (waitMs > 0) {
      sendsTotal.inc({ platform, outcome: 'deferred' });
      // Not an attempt: the message waits for its target's window, not for a fault.
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }
  }
  const attempts = job.opts.attempts ?? deps.retry.attempts;
  const finalAttempt = job.attemptsMade + 1 >= attempts;
  const outcome = await deliverRow(deps.db, deps.clients, rowId, finalAttempt, deps.now());
  switch (outcome.kind) {
    case 'sent':
    case 'updated':
      sendsTotal.inc({ platform, outcome: outcome.kind });
      return outcome.kind;
    case 'skipped':
      return outcome.why;
    case 'retry':
      sendsTotal.inc({ platform, outcome: 'retried' });
      log.info({ rowId, platform, attempt: job.attemptsMade + 1, err: outcome.error.message }, 'outbound send will be retried');
      throw outcome.error;
    case 'failed':
      sendsTotal.inc({ platform, outcome: 'failed' });
      log.error({ rowId, platform, attempts: job.attemptsMade + 1, reason: outcome.error }, 'outbound message failed');
      throw new UnrecoverableError(outcome.error);
  }
}
