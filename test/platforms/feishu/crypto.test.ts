import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptFeishu, feishuSignature, signatureMatches } from '../../../src/platforms/feishu/crypto.js';
import { encryptLikeFeishu, signLikeFeishu } from '../../fakes/feishuCallbacks.js';

describe('body decryption follows Feishu\'s published algorithm', () => {
  it('decrypts the vector from Feishu\'s own decryption sample ("test key" → "hello world")', () => {
    expect(decryptFeishu('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toEqual({ ok: true, plaintext: 'hello world' });
  });

  it('decrypts what the algorithm produces: SHA-256 of the key, IV = first 16 bytes, AES-256-CBC', () => {
    const body = JSON.stringify({ schema: '2.0', header: { event_id: 'e1' }, event: { text: '报备 张先生 13800138000' } });
    expect(decryptFeishu('my encrypt key', encryptLikeFeishu('my encrypt key', body))).toEqual({ ok: true, plaintext: body });
  });

  it('refuses a body encrypted with another key instead of throwing', () => {
    expect(decryptFeishu('other key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toEqual({ ok: false, reason: 'undecryptable' });
  });

  it('refuses a truncated or non-base64 blob', () => {
    expect(decryptFeishu('test key', 'AAAA')).toEqual({ ok: false, reason: 'undecryptable' });
    expect(decryptFeishu('test key', '%%%not base64%%%')).toEqual({ ok: false, reason: 'undecryptable' });
  });
});

describe('the request signature is hex SHA-256 of timestamp + nonce + encrypt key + raw body', () => {
  it('matches an independent computation of the same concatenation', () => {
    const body = '{"encrypt": "abc"}';
    const expected = createHash('sha256').update('1700000000' + 'nonce-1' + 'k3y' + body).digest('hex');
    expect(feishuSignature('1700000000', 'nonce-1', 'k3y', body)).toBe(expected);
    expect(feishuSignature('1700000000', 'nonce-1', 'k3y', body)).toBe(signLikeFeishu('1700000000', 'nonce-1', 'k3y', body));
  });

  it('is over the raw bytes: the same JSON with different spacing signs differently', () => {
    expect(feishuSignature('1', 'n', 'k', '{"encrypt":"abc"}')).not.toBe(feishuSignature('1', 'n', 'k', '{"encrypt": "abc"}'));
  });

  it('counts multi-byte text as UTF-8', () => {
    const body = '{"text":"报备"}';
    expect(feishuSignature('1', 'n', 'k', body)).toBe(createHash('sha256').update(Buffer.from('1nk' + body, 'utf8')).digest('hex'));
  });

  it('compares without regard to hex case and rejects other lengths', () => {
    const sig = feishuSignature('1', 'n', 'k', 'b');
    expect(signatureMatches(sig, sig.toUpperCase())).toBe(true);
    expect(signatureMatches(sig, sig.slice(0, 10))).toBe(false);
  });
});
