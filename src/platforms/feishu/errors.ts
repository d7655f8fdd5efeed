import { z } from 'zod';
import { PlatformError } from '../types.js';

/**
 * Feishu business codes that mean "slow down / try again", not "this request is wrong":
 * 99991400 is the Open API gateway's frequency limit (sent with HTTP 429, or 400 on older
 * APIs), 230020 the IM send-frequency limit.
 */
const RETRYABLE_CODES = new Set([99991400, 230020]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

const bodySchema = z.object({ code: z.number(), msg: z.string().optional() });

/** The parts of an axios error the SDK rethrows that we need; read structurally. */
const httpErrorSchema = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  response: z
    .object({
      status: z.number(),
      data: z.unknown(),
      // AxiosHeaders is a class instance, not a plain record: read it field by field below.
      headers: z.unknown(),
    })
    .optional(),
});

export interface FeishuBody {
  code: number;
  msg?: string;
}

/** A 200 answer whose body says it failed (Feishu reports most errors this way). */
export function errorFromBody(body: FeishuBody, what: string): PlatformError {
  return new PlatformError(`${what}: Feishu code ${body.code} ${body.msg ?? ''}`.trim(), RETRYABLE_CODES.has(body.code), undefined, body.code);
}

/** Anything the SDK threw → PlatformError; rate limits, 5xx and network faults are retryable. */
export function toPlatformError(err: unknown, what: string): PlatformError {
  if (err instanceof PlatformError) return err;
  const parsed = httpErrorSchema.safeParse(err);
  const e = parsed.success ? parsed.data : {};
  const message = err instanceof Error ? err.message : String(err);
  if (e.response) {
    const { status, data, headers } = e.response;
    const body = bodySchema.safeParse(data);
    const code = body.success ? body.data.code : status;
    const retryable = status === 429 || status >= 500 || (body.success && RETRYABLE_CODES.has(body.data.code));
    const detail = body.success ? `Feishu code ${body.data.code} ${body.data.msg ?? ''}`.trim() : `HTTP ${status}`;
    return new PlatformError(`${what}: ${detail}`, retryable, retryAfterMs(headers), code);
  }
  if (e.code && NETWORK_CODES.has(e.code)) return new PlatformError(`${what}: ${e.code}`, true, undefined, e.code);
  // The SDK turns a refused token request into a plain Error carrying the business code.
  const tokenCode = /code: (\d+)/.exec(message);
  if (tokenCode?.[1]) {
    const code = Number(tokenCode[1]);
    return new PlatformError(`${what}: ${message}`, RETRYABLE_CODES.has(code), undefined, code);
  }
  if (/timeout|socket hang up|network/i.test(message)) return new PlatformError(`${what}: ${message}`, true);
  return new PlatformError(`${what}: ${message}`, false);
}

/**
 * Feishu's gateway says when the limit window resets in x-ogw-ratelimit-reset (seconds);
 * plain Retry-After is honoured too.
 */
function retryAfterMs(headers: unknown): number | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const name of ['x-ogw-ratelimit-reset', 'retry-after']) {
    const v: unknown = Reflect.get(headers, name);
    const seconds = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  }
  return undefined;
}
