import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSchema } from '../../../src/cards/model.js';
import { createWecomClient } from '../../../src/platforms/wecom/client.js';
import { decodeMessageRef } from '../../../src/platforms/wecom/messageRef.js';
import { taskIdFor } from '../../../src/platforms/wecom/renderCard.js';
import { PlatformError } from '../../../src/platforms/types.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/wecomApi.js';

const CORP = 'ww_test_corp';
const SECRET = 'app-secret';
let fake: FakeWecom;

beforeAll(async () => {
  fake = await startFakeWecom({
    corpId: CORP,
    secret: SECRET,
    users: {
      zhangsan: { name: '张三', department: [2], main_department: 2, direct_leader: ['lisi'] },
      lisi: { name: '李四', department: [1] },
      newapp: { name: '' },
    },
    departments: { 1: '总部', 2: '销售一部' },
  });
});
afterAll(() => fake.close());

function clientAt(clock: { t: number }) {
  return createWecomClient({ baseUrl: fake.url, corpId: CORP, secret: SECRET, agentId: '1000002', now: () => clock.t });
}

const card = cardSchema.parse({
  header: { title: '报备成功' },
  elements: [{ type: 'actions', buttons: [{ text: '撤销', action: 'lead.undo', value: { leadId: 'c1' } }] }],
});
const toZhang = { kind: 'user', userId: 'zhangsan' } as const;

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof PlatformError)) throw new Error(`expected a PlatformError, got ${String(err)}`);
  return err;
}

describe('access_token is fetched once and cached until shortly before it expires', () => {
  it('shares one gettoken among concurrent calls and reuses it', async () => {
    const before = fake.tokensIssued();
    const client = clientAt({ t: 0 });
    await Promise.all([1, 2, 3].map((i) => client.send(CORP, { to: toZhang, text: `hi ${i}`, dedupeKey: `k${i}` }, `k${i}`)));
    await client.send(CORP, { to: toZhang, text: 'again', dedupeKey: 'k4' }, 'k4');
    expect(fake.tokensIssued() - before).toBe(1);
  });
  it('fetches a new one once the clock passes expires_in less the margin', async () => {
    const clock = { t: 0 };
    const client = clientAt(clock);
    const before = fake.tokensIssued();
    await client.send(CORP, { to: toZhang, text: 'a', dedupeKey: 'a' }, 'a');
    clock.t = (7200 - 301) * 1000;
    await client.send(CORP, { to: toZhang, text: 'b', dedupeKey: 'b' }, 'b');
    expect(fake.tokensIssued() - before).toBe(1);
    clock.t = (7200 - 299) * 1000;
    await client.send(CORP, { to: toZhang, text: 'c', dedupeKey: 'c' }, 'c');
    expect(fake.tokensIssued() - before).toBe(2);
  });
  it('refreshes and retries once when WeCom says the token expired (42001)', async () => {
    const client = clientAt({ t: 0 });
    await client.send(CORP, { to: toZhang, text: 'warm up', dedupeKey: 'w' }, 'w');
    const before = fake.tokensIssued();
    const sentBefore = fake.sent().length;
    fake.expireTokens();
    await client.send(CORP, { to: toZhang, text: '过期后', dedupeKey: 'e' }, 'e');
    expect(fake.tokensIssued() - before).toBe(1);
    expect(fake.sent().slice(sentBefore)).toEqual([{ touser: 'zhangsan', agentid: 1000002, msgtype: 'text', text: { content: '过期后' } }]);
  });
  it('does not loop: a second expired answer in a row is an error', async () => {
    const client = clientAt({ t: 0 });
    fake.failNext('/cgi-bin/message/send', 2, 'expire-token');
    const err = await failure(client.send(CORP, { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x'));
    expect(err.code).toBe(42001);
  });
  it('refuses a wrong secret as a final error', async () => {
    const client = createWecomClient({ baseUrl: fake.url, corpId: CORP, secret: 'wrong', agentId: '1' });
    const err = await failure(client.send(CORP, { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x'));
    expect([err.retryable, err.code]).toEqual([false, 40001]);
  });
});

describe('errcodes map to retryable or final PlatformErrors', () => {
  const client = () => clientAt({ t: 0 });
  it('45009 (frequency limit), 45033 and -1 (busy) are retryable', async () => {
    for (const errcode of [45009, 45033, -1]) {
      fake.failNext('/cgi-bin/message/send', 1, { errcode });
      const err = await failure(client().send(CORP, { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x'));
      expect([err.retryable, err.code]).toEqual([true, errcode]);
      expect(err.retryAfterMs).toBeGreaterThan(0);
    }
  });
  it('HTTP 5xx is retryable', async () => {
    fake.failNext('/cgi-bin/message/send', 1, { status: 503 });
    const err = await failure(client().send(CORP, { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x'));
    expect([err.retryable, err.code]).toEqual([true, 503]);
  });
  it('a retry after the fault goes through', async () => {
    fake.failNext('/cgi-bin/message/send', 2, { errcode: 45009 });
    const c = client();
    await failure(c.send(CORP, { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x'));
    await failure(c.send(CORP, { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x'));
    await expect(c.send(CORP, { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x')).resolves.toHaveProperty('messageId');
  });
  it('other errcodes are final, e.g. a recipient outside the app (81013)', async () => {
    const err = await failure(client().send(CORP, { to: { kind: 'user', userId: 'stranger' }, text: 'x', dedupeKey: 'x' }, 'x'));
    expect([err.retryable, err.code]).toEqual([false, 81013]);
  });
  it('refuses to act for another tenant', async () => {
    const err = await failure(client().send('ww_other', { to: toZhang, text: 'x', dedupeKey: 'x' }, 'x'));
    expect(err.retryable).toBe(false);
  });
});

describe('cards are sent as template_card and updated with their response_code', () => {
  it('sends the rendered card with the agent id and a task id derived from the idempotency key', async () => {
    const client = clientAt({ t: 0 });
    const { messageId } = await client.send(CORP, { to: { kind: 'reply', chatId: 'zhangsan', messageId: '123' }, card, dedupeKey: 'reply:123' }, 'reply:123');
    const body = fake.sent().at(-1);
    expect(body).toMatchObject({ touser: 'zhangsan', agentid: 1000002, msgtype: 'template_card', template_card: { card_type: 'button_interaction', task_id: taskIdFor('reply:123') } });
    expect(decodeMessageRef(messageId)).toMatchObject({ taskId: taskIdFor('reply:123'), responseCode: expect.stringMatching(/^rc-/) });

    await client.updateCard(CORP, messageId, cardSchema.parse({ header: { title: '已撤销' }, elements: [] }));
    expect(fake.updates().at(-1)).toMatchObject({
      atall: 1,
      agentid: 1000002,
      response_code: decodeMessageRef(messageId).responseCode,
      template_card: { card_type: 'text_notice', main_title: { title: '已撤销' } },
    });
    // WeCom's response codes are single-use.
    const again = await failure(client.updateCard(CORP, messageId, card));
    expect(again.retryable).toBe(false);
  });
  it('cannot update a text message', async () => {
    const client = clientAt({ t: 0 });
    const { messageId } = await client.send(CORP, { to: toZhang, text: 'hi', dedupeKey: 't' }, 't');
    expect((await failure(client.updateCard(CORP, messageId, card))).retryable).toBe(false);
  });
  it('follows a form card that lacks typed fields with the resend prompt', async () => {
    const client = clientAt({ t: 0 });
    const form = cardSchema.parse({
      header: { title: '还差一点信息' },
      elements: [{ type: 'form', name: 'f', inputs: [{ type: 'text', name: 'phone', label: '电话', required: true }], submit: { text: '提交', action: 'lead.register.submit' } }],
    });
    const before = fake.sent().length;
    await client.send(CORP, { to: toZhang, card: form, dedupeKey: 'form' }, 'form');
    const bodies = fake.sent().slice(before);
    expect(bodies.map((b) => b.msgtype)).toEqual(['template_card', 'text']);
    expect(JSON.stringify(bodies[1])).toContain('电话');
  });
  it('sends a notice too long for a card (a digest) as markdown instead', async () => {
    const client = clientAt({ t: 0 });
    const digest = cardSchema.parse({
      header: { title: '团队日报' },
      elements: [{ type: 'table', columns: ['销售', '报备'], rows: Array.from({ length: 100 }, (_, i) => [`销售员${i}`, String(i)]) }],
    });
    await client.send(CORP, { to: toZhang, card: digest, dedupeKey: 'digest' }, 'digest');
    const body = fake.sent().at(-1);
    expect(body).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('销售员99 | 99') } });
  });
  it('posts to an app group chat as markdown', async () => {
    const client = clientAt({ t: 0 });
    await client.send(CORP, { to: { kind: 'chat', chatId: 'chat-1' }, card, dedupeKey: 'g' }, 'g');
    expect(fake.chatSent().at(-1)).toEqual({ chatid: 'chat-1', msgtype: 'markdown', markdown: { content: '**报备成功**' } });
  });
});

describe('sender profiles come from the contact API', () => {
  it('gives name, department name and direct leader', async () => {
    await expect(clientAt({ t: 0 }).getUserProfile(CORP, 'zhangsan')).resolves.toEqual({ name: '张三', department: '销售一部', leaderId: 'lisi' });
  });
  it('falls back to the user id when WeCom withholds the name', async () => {
    await expect(clientAt({ t: 0 }).getUserProfile(CORP, 'newapp')).resolves.toEqual({ name: 'newapp' });
  });
  it('refuses an unknown user as a final error', async () => {
    const err = await failure(clientAt({ t: 0 }).getUserProfile(CORP, 'ghost'));
    expect([err.retryable, err.code]).toEqual([false, 60111]);
  });
});
