import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../../src/cards/model.js';
import { FeishuClient, feishuUuid } from '../../../src/platforms/feishu/client.js';
import { PlatformError } from '../../../src/platforms/types.js';
import { startFeishuFake, type FeishuFake } from '../../fakes/feishuApi.js';

let fake: FeishuFake;
let client: FeishuClient;

const card: Card = { header: { title: '报备成功', color: 'green' }, elements: [{ type: 'text', text: '**张先生** 138****8000' }] };

beforeAll(async () => {
  fake = await startFeishuFake();
  client = new FeishuClient({ appId: fake.appId, appSecret: fake.appSecret, baseUrl: fake.url, timeoutMs: 2000 });
  fake.addUser('ou_rep1', { name: '王五', departmentIds: ['od_sales'], leaderOpenId: 'ou_boss' });
  fake.addDepartment('od_sales', '销售一部');
});
afterAll(async () => {
  await fake.close();
});

async function sendError(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof PlatformError)) throw new Error(`expected a PlatformError, got ${String(err)}`);
  return err;
}

describe('the SDK client talks to FEISHU_BASE_URL with a tenant token', () => {
  it('fetches tenant_access_token/internal with the app credentials, once', async () => {
    await client.send('tk', { to: { kind: 'user', userId: 'ou_rep1' }, text: '你好', dedupeKey: 'k-text' }, 'k-text');
    await client.send('tk', { to: { kind: 'user', userId: 'ou_rep1' }, text: '你好2', dedupeKey: 'k-text2' }, 'k-text2');
    const tokenCalls = fake.requests.filter((r) => r.path.endsWith('/tenant_access_token/internal'));
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.body).toEqual({ app_id: fake.appId, app_secret: fake.appSecret });
    expect(fake.requests.filter((r) => r.path === '/open-apis/im/v1/messages').every((r) => r.authorization?.startsWith('Bearer t-'))).toBe(true);
  });
});

describe('sending: a card to a user, a chat, or as a threaded reply, idempotent by uuid', () => {
  it('sends a card to a user by open_id as an interactive message of card JSON 2.0', async () => {
    const { messageId } = await client.send('tk', { to: { kind: 'user', userId: 'ou_rep1' }, card, dedupeKey: 'k1' }, 'k1');
    const m = fake.sent.find((s) => s.messageId === messageId);
    expect(m).toMatchObject({ via: 'create', receiveIdType: 'open_id', receiveId: 'ou_rep1', msgType: 'interactive', uuid: 'k1' });
    expect(m?.content).toMatchObject({ schema: '2.0', header: { title: { content: '报备成功' }, template: 'green' } });
  });

  it('sends to a group by chat_id', async () => {
    const { messageId } = await client.send('tk', { to: { kind: 'chat', chatId: 'oc_team' }, card, dedupeKey: 'k2' }, 'k2');
    expect(fake.sent.find((s) => s.messageId === messageId)).toMatchObject({ receiveIdType: 'chat_id', receiveId: 'oc_team' });
  });

  it('replies in the thread of the message it answers', async () => {
    const { messageId } = await client.send('tk', { to: { kind: 'reply', messageId: 'om_in_1', chatId: 'oc_1' }, card, dedupeKey: 'k3' }, 'k3');
    expect(fake.sent.find((s) => s.messageId === messageId)).toMatchObject({ via: 'reply', replyTo: 'om_in_1', msgType: 'interactive', uuid: 'k3' });
  });

  it('posts once when the same send is retried with the same key', async () => {
    const before = fake.sent.length;
    const a = await client.send('tk', { to: { kind: 'user', userId: 'ou_rep1' }, card, dedupeKey: 'same' }, 'same');
    const b = await client.send('tk', { to: { kind: 'user', userId: 'ou_rep1' }, card, dedupeKey: 'same' }, 'same');
    expect(b.messageId).toBe(a.messageId);
    expect(fake.sent.length).toBe(before + 1);
  });

  it('keeps a long idempotency key within Feishu\'s 50 characters, stably', () => {
    const key = 'register:tenant_abcdef:om_1234567890abcdef1234567890:reply';
    expect(feishuUuid(key).length).toBeLessThanOrEqual(50);
    expect(feishuUuid(key)).toBe(feishuUuid(key));
    expect(feishuUuid('short-key')).toBe('short-key');
  });

  it('sends plain text as a text message', async () => {
    const { messageId } = await client.send('tk', { to: { kind: 'user', userId: 'ou_rep1' }, text: '已收到', dedupeKey: 'k4' }, 'k4');
    expect(fake.sent.find((s) => s.messageId === messageId)).toMatchObject({ msgType: 'text', content: { text: '已收到' } });
  });
});

describe('updating a card patches the message in place', () => {
  it('PATCHes im/v1/messages/:id with the new card', async () => {
    await client.updateCard('tk', 'om_card', { header: { title: '已裁决', color: 'grey' }, elements: [] });
    expect(fake.patches.at(-1)).toMatchObject({ messageId: 'om_card', content: { schema: '2.0', header: { title: { content: '已裁决' } } } });
  });
});

describe('a sender profile comes from the contact API: name, department, leader', () => {
  it('reads name, the first department\'s name, and leader_user_id as open_id', async () => {
    expect(await client.getUserProfile('tk', 'ou_rep1')).toEqual({ name: '王五', department: '销售一部', leaderId: 'ou_boss' });
    const userCall = fake.requests.find((r) => r.path === '/open-apis/contact/v3/users/ou_rep1');
    expect(userCall?.query).toMatchObject({ user_id_type: 'open_id', department_id_type: 'open_department_id' });
  });

  it('falls back to the department id when its name cannot be read', async () => {
    fake.addUser('ou_rep2', { name: '赵六', departmentIds: ['od_hidden'] });
    expect(await client.getUserProfile('tk', 'ou_rep2')).toEqual({ name: '赵六', department: 'od_hidden' });
  });

  it('reports an unknown user as a final error with Feishu\'s code', async () => {
    const err = await sendError(client.getUserProfile('tk', 'ou_nobody'));
    expect(err).toMatchObject({ retryable: false, code: 41050 });
  });
});

describe('failures are PlatformErrors; rate limits, 5xx and network faults are retryable', () => {
  const msg = { to: { kind: 'user' as const, userId: 'ou_rep1' }, text: 'x', dedupeKey: 'kf' };

  it('HTTP 429 with code 99991400 is retryable and carries x-ogw-ratelimit-reset', async () => {
    fake.failNext(1, { status: 429, code: 99991400, msg: 'request trigger frequency limit', headers: { 'x-ogw-ratelimit-reset': '7' } }, '/im/v1/messages');
    const err = await sendError(client.send('tk', msg, 'kf1'));
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 7000, code: 99991400 });
  });

  it('code 99991400 under HTTP 400 (older APIs) is retryable too', async () => {
    fake.failNext(1, { status: 400, code: 99991400 }, '/im/v1/messages');
    expect(await sendError(client.send('tk', msg, 'kf2'))).toMatchObject({ retryable: true });
  });

  it('a 5xx is retryable', async () => {
    fake.failNext(1, { status: 503, code: 1 }, '/im/v1/messages');
    expect(await sendError(client.send('tk', msg, 'kf3'))).toMatchObject({ retryable: true });
  });

  it('a 400 with another code is final', async () => {
    fake.failNext(1, { status: 400, code: 230001, msg: 'invalid receive_id' }, '/im/v1/messages');
    expect(await sendError(client.send('tk', msg, 'kf4'))).toMatchObject({ retryable: false, code: 230001 });
  });

  it('a refused connection is retryable', async () => {
    const dead = new FeishuClient({ appId: 'a', appSecret: 'b', baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000 });
    expect(await sendError(dead.send('tk', msg, 'kf5'))).toMatchObject({ retryable: true, code: 'ECONNREFUSED' });
  });

  it('succeeds on the next try once the fake stops failing', async () => {
    fake.failNext(2, { status: 500 }, '/im/v1/messages');
    await sendError(client.send('tk', msg, 'kf6'));
    await sendError(client.send('tk', msg, 'kf6'));
    const ok = await client.send('tk', msg, 'kf6');
    expect(ok.messageId).toMatch(/^om_/);
  });
});

describe('the bot knows its own open_id', () => {
  it('asks bot/v3/info', async () => {
    expect(await client.botOpenId()).toBe(fake.botOpenId);
  });
});
