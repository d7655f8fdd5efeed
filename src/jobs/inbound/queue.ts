import { Queue, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';

/** One job per stored InboundEvent; the job id is the row id, so adding it twice is a no-op. */
export const INBOUND_QUEUE = 'inbound';
export const INBOUND_JOB = 'message';

export const inboundJobSchema = z.object({ inboundId: z.string().min(1) });
export type InboundJob = z.infer<typeof inboundJobSchema>;
export type InboundQueue = Queue<InboundJob, void, typeof INBOUND_JOB>;

export const INBOUND_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Finished jobs are kept a day so a late re-add with the same id stays a no-op.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * The web process's connection: no offline queue, so an add fails fast while Redis is down
 * (the row is already stored; the repair loop enqueues it later) instead of piling up in memory.
 */
export function producerConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, ...extra });
}

/** Workers block on Redis; BullMQ requires maxRetriesPerRequest: null for them. */
export function workerConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, ...extra });
}

export function createInboundQueue(connection: Redis, prefix?: string): InboundQueue {
  const q: InboundQueue = new Queue(INBOUND_QUEUE, {
    connection,
    defaultJobOptions: INBOUND_JOB_OPTIONS,
    ...(prefix ? { prefix } : {}),
  });
  // Connection errors are expected while Redis is down; callers see them as failed adds.
  q.on('error', () => undefined);
  return q;
}
