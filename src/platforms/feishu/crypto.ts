import { createHash, timingSafeEqual } from 'node:crypto';
import { AESCipher } from '@larksuiteoapi/node-sdk';

/**
 * Feishu's callback crypto, as published in "接收事件 / 事件解密" and "签名校验":
 * - body key: SHA-256(encrypt_key) used as an AES-256-CBC key; the base64-decoded `encrypt`
 *   starts with the 16-byte IV, PKCS#7 padding. The SDK's AESCipher does exactly this.
 * - X-Lark-Signature: hex SHA-256 over timestamp + nonce + encrypt_key + the raw body bytes.
 *   The SDK's own check re-serialises the parsed body (JSON.stringify), which breaks on any
 *   whitespace or key-order difference, so the signature is computed here over the raw body.
 */
export type DecryptResult = { ok: true; plaintext: string } | { ok: false; reason: 'undecryptable' };

const ciphers = new Map<string, AESCipher>();

function cipherFor(encryptKey: string): AESCipher {
  let c = ciphers.get(encryptKey);
  if (!c) {
    c = new AESCipher(encryptKey);
    ciphers.set(encryptKey, c);
  }
  return c;
}

export function decryptFeishu(encryptKey: string, encrypt: string): DecryptResult {
  try {
    return { ok: true, plaintext: cipherFor(encryptKey).decrypt(encrypt) };
  } catch {
    // Wrong key, truncated blob or bad padding: all mean "not for us", never a crash.
    return { ok: false, reason: 'undecryptable' };
  }
}

export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string | Uint8Array): string {
  const h = createHash('sha256');
  h.update(timestamp + nonce + encryptKey, 'utf8');
  h.update(rawBody);
  return h.digest('hex');
}

export function signatureMatches(expectedHex: string, givenHex: string): boolean {
  const a = Buffer.from(expectedHex, 'utf8');
  const b = Buffer.from(givenHex.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
