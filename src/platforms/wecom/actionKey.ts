import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';

/**
 * A WeCom template card gives a button nothing but a `key` string (≤ 1024 bytes, unique within
 * the card), echoed back as the click's EventKey. The key therefore carries the whole action:
 * `<format>:<index>:<base64url payload>`, payload = JSON [action, value, prefilled form?].
 * Format `j` is plain JSON; `z` is raw-deflated JSON, used when that is shorter, so a value with
 * repetitive content (ids, dates, notes) still fits. The index keeps two buttons with the same
 * action and value distinct, as WeCom requires.
 */
export const MAX_KEY_BYTES = 1024;

export interface EncodedAction {
  action: string;
  value: Record<string, unknown>;
  /** Values a form already holds (WeCom cards cannot take free text, so they ride in the key). */
  form?: Record<string, string>;
}

const payloadSchema = z.union([
  z.tuple([z.string().min(1), z.record(z.string(), z.unknown())]),
  z.tuple([z.string().min(1), z.record(z.string(), z.unknown()), z.record(z.string(), z.string())]),
]);

export class ActionKeyTooLong extends Error {
  constructor(readonly action: string, readonly bytes: number) {
    super(`WeCom button key for "${action}" is ${bytes} bytes even compressed (limit ${MAX_KEY_BYTES}); keep button values to ids`);
    this.name = 'ActionKeyTooLong';
  }
}

export function encodeActionKey(index: number, a: EncodedAction): string {
  const json = JSON.stringify(a.form === undefined ? [a.action, a.value] : [a.action, a.value, a.form]);
  const plain = `j:${index}:${Buffer.from(json, 'utf8').toString('base64url')}`;
  const packed = `z:${index}:${deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url')}`;
  const key = packed.length < plain.length ? packed : plain;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new ActionKeyTooLong(a.action, Buffer.byteLength(key));
  return key;
}

/** The action a key carries, or null for a key this adapter did not make. */
export function decodeActionKey(key: string): EncodedAction | null {
  const m = /^([jz]):(\d{1,3}):([A-Za-z0-9_-]+)$/.exec(key);
  if (!m?.[3]) return null;
  try {
    const bytes = Buffer.from(m[3], 'base64url');
    const json = m[1] === 'z' ? inflateRawSync(bytes, { maxOutputLength: 64 * 1024 }) : bytes;
    const parsed = payloadSchema.safeParse(JSON.parse(json.toString('utf8')));
    if (!parsed.success) return null;
    const [action, value, form] = parsed.data;
    return form === undefined ? { action, value } : { action, value, form };
  } catch {
    return null;
  }
}
