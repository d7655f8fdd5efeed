import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Runs `run` unless another process holds `key`; returns null when it does. If Redis cannot be
 * asked, runs anyway: every step behind these locks is idempotent, the lock only saves work.
 */
export async function withLock<T>(redis: Redis, key: string, ttlMs: number, run: () => Promise<T>): Promise<T | null> {
  const token = randomUUID();
  let locked: boolean;
  try {
    locked = (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
  } catch {
    return run();
  }
  if (!locked) return null;
  try {
    return await run();
  } finally {
    const current = await redis.get(key).catch(() => null);
    if (current === token) await redis.del(key).catch(() => 0);
  }
}
