import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeCom's callback crypto (WXBizMsgCrypt) for a self-built app.
 *
 * Written here rather than taken from `@wecom/crypto` (1.0.1, checked with npm pack): that
 * package computes the same bytes for well-formed input, but it accepts any padding byte
 * outside 1..32 as "no padding", never bounds-checks the length field (garbage ciphertext
 * decrypts to garbage instead of failing), leaves the receive-id check to the caller, lists no
 * repository or maintainer, and has had two releases. The algorithm is ~60 lines on node:crypto;
 * owning it lets every malformed input become a typed refusal.
 *
 * Scheme: msg_signature = sha1(sort([token, timestamp, nonce, encrypt]).join('')); AES-256-CBC
 * with key = base64(EncodingAESKey + '='), IV = key[0..16), PKCS#7 padded to 32-byte blocks;
 * plaintext = 16 random bytes | uint32be length | message | receive id (the corp id).
 */

const BLOCK = 32;

export interface WecomCryptoConfig {
  token: string;
  /** The 43-character EncodingAESKey from the app's callback settings. */
  aesKey: string;
  /** The corp id every decrypted payload must end with. */
  corpId: string;
}

export type OpenResult =
  | { ok: true; message: string }
  | { ok: false; reason: 'signature' }
  | { ok: false; reason: 'ciphertext'; detail: string }
  | { ok: false; reason: 'corp_id'; receiveId: string };

export type DecryptResult =
  | { ok: true; message: string; receiveId: string }
  | { ok: false; detail: string };

export interface SignedParams {
  msgSignature: string;
  timestamp: string;
  nonce: string;
  /** The base64 ciphertext: `echostr` for URL verification, `<Encrypt>` for messages. */
  encrypt: string;
}

export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

function aesKeyBytes(aesKey: string): Buffer {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (aesKey.length !== 43 || key.length !== 32) {
    throw new Error('WECOM_AES_KEY must be the 43-character EncodingAESKey (base64 of 32 bytes)');
  }
  return key;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function decryptWecom(aesKey: string, encrypt: string): DecryptResult {
  const key = aesKeyBytes(aesKey);
  if (!BASE64.test(encrypt)) return { ok: false, detail: 'ciphertext is not base64' };
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    return { ok: false, detail: 'ciphertext is not a whole number of AES blocks' };
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  // WeCom pads to 32-byte blocks, which OpenSSL's 16-byte PKCS#7 check would reject.
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    return { ok: false, detail: 'bad PKCS#7 padding (wrong key or corrupted ciphertext)' };
  }
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) return { ok: false, detail: 'plaintext shorter than its framing' };
  const length = body.readUInt32BE(16);
  if (20 + length > body.length) return { ok: false, detail: 'length field exceeds the plaintext' };
  return {
    ok: true,
    message: body.subarray(20, 20 + length).toString('utf8'),
    receiveId: body.subarray(20 + length).toString('utf8'),
  };
}

export function encryptWecom(aesKey: string, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const key = aesKeyBytes(aesKey);
  if (random.length !== 16) throw new Error('the random prefix is 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([random, length, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/**
 * True when a callback's timestamp (seconds, as WeCom sends it) is within `windowSeconds` of
 * `now`. The clock is a parameter: the official vectors are from 2014.
 */
export function withinReplayWindow(timestamp: string, now: Date, windowSeconds: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= windowSeconds;
}

/** One app's callback crypto: verify + decrypt + corp-id check, and the reverse for tests and replies. */
export function createWecomCrypto(config: WecomCryptoConfig) {
  aesKeyBytes(config.aesKey);
  return {
    sign(timestamp: string, nonce: string, encrypt: string): string {
      return wecomSignature(config.token, timestamp, nonce, encrypt);
    },

    open(params: SignedParams): OpenResult {
      const expected = wecomSignature(config.token, params.timestamp, params.nonce, params.encrypt);
      if (!sameHex(expected, params.msgSignature)) return { ok: false, reason: 'signature' };
      const plain = decryptWecom(config.aesKey, params.encrypt);
      if (!plain.ok) return { ok: false, reason: 'ciphertext', detail: plain.detail };
      if (plain.receiveId !== config.corpId) return { ok: false, reason: 'corp_id', receiveId: plain.receiveId };
      return { ok: true, message: plain.message };
    },

    /** Encrypts and signs a payload as WeCom would (test callbacks, encrypted passive replies). */
    seal(message: string, timestamp: string, nonce: string, random?: Buffer): { encrypt: string; msgSignature: string } {
      const encrypt = encryptWecom(config.aesKey, message, config.corpId, random);
      return { encrypt, msgSignature: wecomSignature(config.token, timestamp, nonce, encrypt) };
    },
  };
}

export type WecomCrypto = ReturnType<typeof createWecomCrypto>;
