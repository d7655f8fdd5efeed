import { describe, expect, it } from 'vitest';
import { openFeishuCallback, type FeishuVerifyConfig } from '../../../src/platforms/feishu/verify.js';
import { buildCallback, messageEvent, urlVerification } from '../../fakes/feishuCallbacks.js';

const NOW = new Date('2026-12-01T02:00:00Z');
const encrypted: FeishuVerifyConfig = { verificationToken: 'vtok', encryptKey: 'ekey', replayWindowSeconds: 300 };
const plain: FeishuVerifyConfig = { verificationToken: 'vtok', replayWindowSeconds: 300 };

function open(cb: { body: string; headers: Record<string, string> }, cfg: FeishuVerifyConfig, now = NOW) {
  const lower = new Map(Object.entries(cb.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return openFeishuCallback(cb.body, (name) => lower.get(name.toLowerCase()), cfg, now);
}

describe('the url_verification challenge is answered only for our token', () => {
  it('answers a plaintext challenge', () => {
    const r = open(buildCallback(urlVerification('vtok', 'abc-123'), { verificationToken: 'vtok' }, { now: NOW }), plain);
    expect(r).toEqual({ ok: true, kind: 'challenge', challenge: 'abc-123' });
  });

  it('answers an encrypted challenge, which Feishu sends unsigned', () => {
    const cb = buildCallback(urlVerification('vtok', 'enc-456'), { verificationToken: 'vtok', encryptKey: 'ekey' }, { now: NOW, signed: false });
    expect(open(cb, encrypted)).toEqual({ ok: true, kind: 'challenge', challenge: 'enc-456' });
  });

  it('refuses a challenge with another app\'s token', () => {
    const r = open(buildCallback(urlVerification('not-ours'), { verificationToken: 'vtok' }, { now: NOW }), plain);
    expect(r).toMatchObject({ ok: false, status: 401, reason: 'bad_token' });
  });
});

describe('events are accepted only when signed by our encrypt key, fresh, and carrying our token', () => {
  const keys = { verificationToken: 'vtok', encryptKey: 'ekey' };

  it('accepts a correctly signed and encrypted event and returns the decrypted body', () => {
    const r = open(buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), keys, { now: NOW }), encrypted);
    expect(r.ok && r.kind === 'callback' && r.body.schema).toBe('2.0');
  });

  it('refuses a bad signature with 401', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), keys, { now: NOW });
    cb.headers['x-lark-signature'] = '0'.repeat(64);
    expect(open(cb, encrypted)).toMatchObject({ ok: false, status: 401, reason: 'bad_signature' });
  });

  it('refuses a body changed after signing', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), keys, { now: NOW });
    cb.body = cb.body.replace('{"encrypt": ', '{"encrypt":');
    expect(open(cb, encrypted)).toMatchObject({ ok: false, status: 401, reason: 'bad_signature' });
  });

  it('refuses an unsigned event when a key is configured', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), keys, { now: NOW, signed: false });
    expect(open(cb, encrypted)).toMatchObject({ ok: false, status: 401, reason: 'missing_signature' });
  });

  it('refuses a timestamp older than the replay window', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), keys, { now: new Date(NOW.getTime() - 301_000) });
    expect(open(cb, encrypted)).toMatchObject({ ok: false, status: 401, reason: 'stale' });
  });

  it('refuses a timestamp too far in the future as well', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), keys, { now: new Date(NOW.getTime() + 301_000) });
    expect(open(cb, encrypted)).toMatchObject({ ok: false, status: 401, reason: 'stale' });
  });

  it('accepts a timestamp just inside the window', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), keys, { now: new Date(NOW.getTime() - 299_000) });
    expect(open(cb, encrypted).ok).toBe(true);
  });

  it('refuses a v2 event whose header.token is not ours', () => {
    const cb = buildCallback(messageEvent({ token: 'forged', text: '帮助' }), keys, { now: NOW });
    expect(open(cb, encrypted)).toMatchObject({ ok: false, status: 401, reason: 'bad_token' });
  });

  it('checks the top-level token of a v1 event', () => {
    const v1 = { uuid: 'u1', token: 'forged', ts: '1', type: 'event_callback', event: { type: 'message' } };
    expect(open(buildCallback(v1, { verificationToken: 'vtok' }, { now: NOW }), plain)).toMatchObject({ ok: false, reason: 'bad_token' });
  });

  it('refuses a plaintext body when bodies should be encrypted', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), { verificationToken: 'vtok' }, { now: NOW });
    expect(open(cb, encrypted)).toMatchObject({ ok: false, status: 400, reason: 'not_encrypted' });
  });
});

describe('malformed bodies are a 400, never a crash', () => {
  it.each([
    ['not JSON', '{"schema": "2.0", '],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
    ['empty', ''],
  ])('%s', (_, body) => {
    expect(open({ body, headers: {} }, plain)).toMatchObject({ ok: false, status: 400, reason: 'malformed' });
  });

  it('an encrypt field that does not decrypt', () => {
    const body = '{"encrypt": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}';
    expect(open({ body, headers: {} }, { ...encrypted })).toMatchObject({ ok: false, status: 400, reason: 'undecryptable' });
  });

  it('a non-numeric timestamp header', () => {
    const cb = buildCallback(messageEvent({ token: 'vtok', text: '帮助' }), { verificationToken: 'vtok' }, { now: NOW });
    cb.headers['x-lark-request-timestamp'] = 'yesterday';
    expect(open(cb, plain)).toMatchObject({ ok: false, status: 400, reason: 'malformed' });
  });
});
