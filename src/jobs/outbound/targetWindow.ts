import type { Redis } from 'ioredis';
import type { Rate } from './limits.js';

/**
 * A fixed window per chat target (Feishu: 5/s to one user or group; WeCom: 30/min to one
 * member). Returns 0 when the send may go now, else how long to wait. Real time on purpose:
 * platforms count in wall-clock seconds, whatever clock the business rules run on.
 */
export async function takeTargetSlot(redis: Redis, key: string, rate: Rate, nowMs = Date.now()): Promise<number> {
  const window = Math.floor(nowMs / rate.durationMs);
  const k = `${key}:${window}`;
  const res = await redis.multi().incr(k).pexpire(k, rate.durationMs * 2).exec();
  const count = Number(res?.[0]?.[1] ?? 0);
  if (count <= rate.max) return 0;
  return (window + 1) * rate.durationMs - nowMs + Math.floor(Math.random() * 50);
}
