import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { eventually } from '../fakes/http.js';
import { buildCallback, messageEvent, urlVerification } from '../fakes/feishuCallbacks.js';
import { ENCRYPT_KEY, TOKEN, startHarness, type Harness } from './harness.js';

const { db } = await testDb();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db, encryptKey: ENCRYPT_KEY });
  h.fake.addUser('ou_rep1', { name: '李雷' });
});
afterAll(async () => {
  await h.close();
});

const keys = { verificationToken: TOKEN, encryptKey: ENCRYPT_KEY };

describe('the encrypted url_verification challenge is answered', () => {
  it('decrypts the challenge and echoes it as JSON', async () => {
    const cb = buildCallback(urlVerification(TOKEN, 'challenge-xyz'), keys, { signed: false });
    expect(await h.postEvent(cb.body, cb.headers)).toEqual({ status: 200, json: { challenge: 'challenge-xyz' } });
  });

  it('the card callback URL answers the same check', async () => {
    const cb = buildCallback(urlVerification(TOKEN, 'card-challenge'), keys, { signed: false });
    expect(await h.postCard(cb.body, cb.headers)).toEqual({ status: 200, json: { challenge: 'card-challenge' } });
  });
});

describe('forged, stale or foreign callbacks are refused and nothing is stored', () => {
  it('a bad signature → 401', async () => {
    const cb = buildCallback(messageEvent({ token: TOKEN, text: '帮助' }), keys);
    cb.headers['x-lark-signature'] = 'f'.repeat(64);
    const res = await h.postEvent(cb.body, cb.headers);
    expect(res).toMatchObject({ status: 401, json: { error: 'bad_signature' } });
    expect(await db.inboundEvent.count()).toBe(0);
  });

  it('a stale timestamp → refused with 401', async () => {
    const cb = buildCallback(messageEvent({ token: TOKEN, text: '帮助' }), keys, { now: new Date(Date.now() - 3600_000) });
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 401, json: { error: 'stale' } });
    expect(await db.inboundEvent.count()).toBe(0);
  });

  it('a wrong verification token → refused with 401', async () => {
    const cb = buildCallback(messageEvent({ token: 'someone-else', text: '帮助' }), keys);
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 401, json: { error: 'bad_token' } });
    expect(await db.inboundEvent.count()).toBe(0);
  });

  it('a bad signature on a card callback → 401', async () => {
    const cb = buildCallback({ schema: '2.0', header: { token: TOKEN } }, keys);
    cb.headers['x-lark-signature'] = '0'.repeat(64);
    expect(await h.postCard(cb.body, cb.headers)).toMatchObject({ status: 401, json: { error: 'bad_signature' } });
  });
});

describe('malformed bodies get a clear 400 and nothing is stored', () => {
  it.each([
    ['broken JSON', '{"encrypt": '],
    ['a JSON array', '[]'],
    ['an encrypt field that is not ours', '{"encrypt": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}'],
  ])('%s', async (_, body) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n1' };
    const res = await h.postEvent(body, headers);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    expect(await db.inboundEvent.count()).toBe(0);
  });

  it('a signed event that is not a valid message event', async () => {
    const broken = messageEvent({ token: TOKEN, text: 'x' });
    Reflect.set(Reflect.get(broken, 'event') ?? {}, 'message', { message_id: 'om_x' });
    const cb = buildCallback(broken, keys);
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 400, json: { error: 'malformed' } });
    expect(await db.inboundEvent.count()).toBe(0);
  });

  it('an oversized body → 413', async () => {
    const res = await h.postEvent('{"encrypt": "' + 'A'.repeat(300 * 1024) + '"}', { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
  });
});

describe('an event is processed once however often it arrives', () => {
  it('a redelivery (same event_id, same bytes) is acknowledged and processed once', async () => {
    const ev = messageEvent({ token: TOKEN, senderOpenId: 'ou_rep1', text: '报备 张伟 13812345678 朝阳区望京花园 床垫', messageId: 'om_redeliver' });
    const cb = buildCallback(ev, keys);
    const first = await h.postEvent(cb.body, cb.headers);
    const second = await h.postEvent(cb.body, cb.headers);
    expect(first).toMatchObject({ status: 200, json: { stored: true } });
    expect(second).toMatchObject({ status: 200, json: { duplicate: true } });
    await eventually(() => (h.fake.sent.some((m) => m.replyTo === 'om_redeliver') ? true : undefined), 15_000, 'the reply');
    // A third delivery after processing changes nothing either.
    const third = await h.postEvent(cb.body, cb.headers);
    expect(third).toMatchObject({ status: 200, json: { duplicate: true } });
    const rows = await db.inboundEvent.findMany({ where: { eventKey: 'om_redeliver' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'done', attempts: 1 });
    expect(h.fake.sent.filter((m) => m.replyTo === 'om_redeliver')).toHaveLength(1);
    expect(await db.lead.count({ where: { phone: '13812345678' } })).toBe(1);
  });

  it('the same message_id under a new event_id is processed once', async () => {
    const a = messageEvent({ token: TOKEN, senderOpenId: 'ou_rep1', text: '帮助', messageId: 'om_twice', eventId: 'ev_a' });
    const b = messageEvent({ token: TOKEN, senderOpenId: 'ou_rep1', text: '帮助', messageId: 'om_twice', eventId: 'ev_b' });
    const ra = await h.postEvent(...args(buildCallback(a, keys)));
    const rb = await h.postEvent(...args(buildCallback(b, keys)));
    expect(ra.status).toBe(200);
    expect(rb).toMatchObject({ status: 200, json: { duplicate: true } });
    await eventually(() => (h.fake.sent.some((m) => m.replyTo === 'om_twice') ? true : undefined), 15_000, 'the reply');
    expect(await db.inboundEvent.count({ where: { eventKey: 'om_twice' } })).toBe(1);
    expect(h.fake.sent.filter((m) => m.replyTo === 'om_twice')).toHaveLength(1);
  });

  it('simultaneous deliveries of one message store one row', async () => {
    const ev = messageEvent({ token: TOKEN, senderOpenId: 'ou_rep1', text: '帮助', messageId: 'om_race' });
    const results = await Promise.all(Array.from({ length: 8 }, () => h.postEvent(...args(buildCallback(ev, keys)))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => JSON.stringify(r.json).includes('stored'))).toHaveLength(1);
    expect(await db.inboundEvent.count({ where: { eventKey: 'om_race' } })).toBe(1);
  });
});

describe('events the bot does not handle are acknowledged and dropped', () => {
  it('another event type', async () => {
    const other = { schema: '2.0', header: { event_id: 'ev_other', token: TOKEN, event_type: 'im.chat.member.bot.added_v1', tenant_key: 'tenant_a' }, event: {} };
    const cb = buildCallback(other, keys);
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 200, json: { ignored: 'event_type' } });
  });

  it('an image message', async () => {
    const cb = buildCallback(messageEvent({ token: TOKEN, text: '', messageType: 'image', messageId: 'om_img' }), keys);
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 200, json: { ignored: 'not_text' } });
    expect(await db.inboundEvent.count({ where: { eventKey: 'om_img' } })).toBe(0);
  });
});

function args(cb: { body: string; headers: Record<string, string> }): [string, Record<string, string>] {
  return [cb.body, cb.headers];
}
