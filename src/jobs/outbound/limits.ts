import type { PlatformName } from '../../core/bot/types.js';

export interface Rate {
  max: number;
  durationMs: number;
}

export interface PlatformLimits {
  /** The whole app on the platform (BullMQ queue limiter, shared by every worker process). */
  perApp: Rate;
  /** One user or one chat (a Redis window per target). */
  perTarget: Rate;
}

export type OutboundLimits = Record<PlatformName, PlatformLimits>;

/**
 * Published limits, kept a little under the ceiling so a burst never reaches it:
 * - Feishu "send message" (im/v1/messages): 50 requests/s and 1000/min per app; 5/s to one user
 *   or one group (shared by all bots in the group). Over the limit answers HTTP 429, code 99991400,
 *   with `x-ogw-ratelimit-reset` seconds.
 * - WeCom "message/send" (应用消息): at most 30 messages/min from one app to one member, and
 *   accounts×200 person-times/day per app; the app-wide per-minute cap is not published for
 *   message/send (the generic 10,000 calls/min per corp does not apply to it), so we stay at a
 *   conservative 20/s. Over the limit answers errcode 45009 / 45033.
 * - local: the playground, effectively unlimited.
 */
export const DEFAULT_LIMITS: OutboundLimits = {
  feishu: { perApp: { max: 45, durationMs: 1_000 }, perTarget: { max: 5, durationMs: 1_000 } },
  wecom: { perApp: { max: 20, durationMs: 1_000 }, perTarget: { max: 30, durationMs: 60_000 } },
  local: { perApp: { max: 1_000, durationMs: 1_000 }, perTarget: { max: 1_000, durationMs: 1_000 } },
};

export interface RetryPolicy {
  /** Tries in all, the first included, before a message is marked failed. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

export function mergeLimits(overrides: Partial<Record<PlatformName, Partial<PlatformLimits>>> = {}): OutboundLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const p of Object.keys(overrides) as PlatformName[]) {
    out[p] = { ...DEFAULT_LIMITS[p], ...overrides[p] };
  }
  return out;
}

/**
 * Exponential backoff with "equal jitter": half the step fixed, half random, so many messages
 * failing together (a 429 burst) do not come back together. A platform's own retry-after wins
 * when it asks for longer.
 */
export function backoffDelay(retry: RetryPolicy, attemptsMade: number, retryAfterMs: number | undefined, random = Math.random): number {
  const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.round(step / 2 + random() * (step / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}
