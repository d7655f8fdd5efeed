import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** Where the queues live: a Redis URL, and a key prefix so tests and tenants of one Redis never meet. */
export interface QueueConnection {
  connection: ConnectionOptions;
  prefix: string;
}

export const DEFAULT_PREFIX = 'leadbot';

export const QUEUE = {
  timers: 'timers',
  digests: 'digests',
  maintenance: 'maintenance',
  warehouse: 'warehouse',
  outbound: (platform: string) => `outbound-${platform}`,
} as const;

export function queueConnection(redisUrl: string, prefix = DEFAULT_PREFIX): QueueConnection {
  // Workers block on Redis; BullMQ requires maxRetriesPerRequest = null for them.
  return { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix };
}

/**
 * A plain client for our own keys (per-target send windows, timer bookkeeping). A command gives
 * up after one retry instead of hanging while Redis is down: the database is the truth and the
 * sweep repairs whatever a failed Redis write left out.
 */
export function plainRedis(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: 1 });
}
