import { z } from 'zod';
import { decryptFeishu, feishuSignature, signatureMatches } from './crypto.js';

export interface FeishuVerifyConfig {
  verificationToken: string;
  /** When set, Feishu encrypts every body and signs every request but the URL check. */
  encryptKey?: string;
  replayWindowSeconds: number;
}

export type Refusal =
  | 'malformed'
  | 'not_encrypted'
  | 'undecryptable'
  | 'missing_signature'
  | 'bad_signature'
  | 'stale'
  | 'bad_token';

export type OpenedCallback =
  | { ok: true; kind: 'challenge'; challenge: string }
  | { ok: true; kind: 'callback'; body: Record<string, unknown> }
  | { ok: false; status: 400 | 401; reason: Refusal; message: string };

/** Header names as Feishu sends them; lookups are case-insensitive in Hono and fetch. */
export const SIGNATURE_HEADER = 'X-Lark-Signature';
export const TIMESTAMP_HEADER = 'X-Lark-Request-Timestamp';
export const NONCE_HEADER = 'X-Lark-Request-Nonce';

const objectSchema = z.record(z.string(), z.unknown());
const encryptedSchema = z.object({ encrypt: z.string().min(1) });
const challengeSchema = z.object({ type: z.literal('url_verification'), challenge: z.string(), token: z.string().optional() });
/** v2 events and card callbacks carry the token in header.token, v1 events at the top level. */
const tokenSchema = z.union([
  z.object({ schema: z.literal('2.0'), header: z.object({ token: z.string() }) }).transform((b) => b.header.token),
  z.object({ token: z.string() }).transform((b) => b.token),
]);

function refuse(status: 400 | 401, reason: Refusal, message: string): OpenedCallback {
  return { ok: false, status, reason, message };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = objectSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Raw callback → verified plaintext body, or a refusal saying why. Order matters: the
 * signature is checked over the raw bytes before anything is decrypted, and the URL check
 * (which Feishu sends unsigned) is answered only when its token is ours.
 */
export function openFeishuCallback(
  rawBody: string,
  header: (name: string) => string | undefined,
  cfg: FeishuVerifyConfig,
  now: Date,
): OpenedCallback {
  const outer = parseObject(rawBody);
  if (!outer) return refuse(400, 'malformed', 'body is not a JSON object');

  const signature = header(SIGNATURE_HEADER);
  const timestamp = header(TIMESTAMP_HEADER);
  const nonce = header(NONCE_HEADER) ?? '';
  if (cfg.encryptKey && signature !== undefined) {
    if (timestamp === undefined) return refuse(401, 'missing_signature', `${TIMESTAMP_HEADER} is missing`);
    if (!signatureMatches(feishuSignature(timestamp, nonce, cfg.encryptKey, rawBody), signature)) {
      return refuse(401, 'bad_signature', 'signature does not match');
    }
  }
  if (timestamp !== undefined) {
    const seconds = Number(timestamp);
    if (!Number.isFinite(seconds)) return refuse(400, 'malformed', `${TIMESTAMP_HEADER} is not a number`);
    if (Math.abs(now.getTime() / 1000 - seconds) > cfg.replayWindowSeconds) {
      return refuse(401, 'stale', 'request timestamp is outside the replay window');
    }
  }

  let body = outer;
  const encrypted = encryptedSchema.safeParse(outer);
  if (cfg.encryptKey) {
    if (!encrypted.success) return refuse(400, 'not_encrypted', 'an encrypted body was expected');
    const plain = decryptFeishu(cfg.encryptKey, encrypted.data.encrypt);
    if (!plain.ok) return refuse(400, 'undecryptable', 'body does not decrypt with the configured key');
    const inner = parseObject(plain.plaintext);
    if (!inner) return refuse(400, 'malformed', 'decrypted body is not a JSON object');
    body = inner;
  } else if (encrypted.success) {
    return refuse(400, 'undecryptable', 'body is encrypted but FEISHU_ENCRYPT_KEY is not set');
  }

  const challenge = challengeSchema.safeParse(body);
  if (challenge.success) {
    if (challenge.data.token !== cfg.verificationToken) return refuse(401, 'bad_token', 'verification token does not match');
    return { ok: true, kind: 'challenge', challenge: challenge.data.challenge };
  }

  // Everything but the URL check is signed when a key is configured.
  if (cfg.encryptKey && signature === undefined) return refuse(401, 'missing_signature', `${SIGNATURE_HEADER} is missing`);
  const token = tokenSchema.safeParse(body);
  if (!token.success) return refuse(400, 'malformed', 'no verification token in the body');
  if (token.data !== cfg.verificationToken) return refuse(401, 'bad_token', 'verification token does not match');
  return { ok: true, kind: 'callback', body };
}
