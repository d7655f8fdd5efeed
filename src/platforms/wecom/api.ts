import { z } from 'zod';
import { PlatformError } from '../types.js';

/**
 * WeCom's server API over plain fetch: the access_token lifecycle and the errcode contract.
 *
 * The token is fetched once and reused until `refreshMarginSeconds` before WeCom's
 * `expires_in`; concurrent callers share one refresh. A call answered with an expired/invalid
 * token errcode drops that token and is retried once with a fresh one.
 */
export interface WecomApiOptions {
  baseUrl: string;
  corpId: string;
  secret: string;
  /** Milliseconds since the epoch; a parameter so tests can move time. */
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
  refreshMarginSeconds?: number;
}

/** 40014 invalid token, 42001 expired, 40001 invalid credential (a token from a rotated secret). */
const TOKEN_ERRORS = new Set([40014, 42001, 40001]);
/** -1 system busy, 45009 API frequency limit, 45033 too many concurrent calls. */
const RETRY_AFTER_MS: Record<number, number> = { [-1]: 1_000, 45009: 60_000, 45033: 1_000 };

const envelope = z.looseObject({ errcode: z.number().int().default(0), errmsg: z.string().default('') });
const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });

export type ApiBody = z.infer<typeof envelope>;

export function errcodeError(where: string, errcode: number, errmsg: string): PlatformError {
  const retryAfter = RETRY_AFTER_MS[errcode];
  return new PlatformError(`WeCom ${where}: errcode ${errcode} ${errmsg}`, retryAfter !== undefined, retryAfter, errcode);
}

export function createWecomApi(opts: WecomApiOptions) {
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const margin = (opts.refreshMarginSeconds ?? 300) * 1000;
  let cached: { token: string; expiresAt: number } | undefined;
  let refreshing: Promise<string> | undefined;

  async function request(path: string, query: Record<string, string>, body?: unknown): Promise<ApiBody> {
    const url = new URL(path, opts.baseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await doFetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new PlatformError(`WeCom ${path}: ${err instanceof Error ? err.message : String(err)}`, true);
    }
    if (res.status === 429 || res.status >= 500) {
      const after = Number(res.headers.get('retry-after'));
      throw new PlatformError(`WeCom ${path}: HTTP ${res.status}`, true, Number.isFinite(after) && after > 0 ? after * 1000 : undefined, res.status);
    }
    if (!res.ok) throw new PlatformError(`WeCom ${path}: HTTP ${res.status}`, false, undefined, res.status);
    const parsed = envelope.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new PlatformError(`WeCom ${path}: the answer is not WeCom's JSON`, true);
    return parsed.data;
  }

  async function fetchToken(): Promise<string> {
    const body = await request('/cgi-bin/gettoken', { corpid: opts.corpId, corpsecret: opts.secret });
    if (body.errcode !== 0) {
      // A bad corp id or secret is configuration, not a token to refresh.
      throw errcodeError('gettoken', body.errcode, body.errmsg);
    }
    const t = tokenSchema.parse(body);
    const lifetime = t.expires_in * 1000;
    cached = { token: t.access_token, expiresAt: now() + lifetime - Math.min(margin, lifetime / 10) };
    return t.access_token;
  }

  function token(): Promise<string> {
    if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
    refreshing ??= fetchToken().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  /** Calls an access_token API; errcode ≠ 0 becomes a PlatformError (retryable or final). */
  async function call(path: string, query: Record<string, string> = {}, body?: unknown): Promise<ApiBody> {
    for (let attempt = 0; ; attempt++) {
      const t = await token();
      const answer = await request(path, { ...query, access_token: t }, body);
      if (TOKEN_ERRORS.has(answer.errcode) && attempt === 0) {
        if (cached?.token === t) cached = undefined;
        continue;
      }
      if (answer.errcode !== 0) throw errcodeError(path, answer.errcode, answer.errmsg);
      return answer;
    }
  }

  return { call, token };
}

export type WecomApi = ReturnType<typeof createWecomApi>;
