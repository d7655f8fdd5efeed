import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { eventually } from '../fakes/http.js';
import type { SentMessage } from '../fakes/feishuApi.js';
import { ENCRYPT_KEY, cardText, formDefaults, startHarness, type Harness } from './harness.js';

const { db } = await testDb();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db, encryptKey: ENCRYPT_KEY });
  h.fake.addUser('ou_rep1', { name: '李雷', departmentIds: ['od_1'], leaderOpenId: 'ou_mgr' });
  h.fake.addUser('ou_rep2', { name: '韩梅梅', departmentIds: ['od_1'], leaderOpenId: 'ou_mgr' });
  h.fake.addDepartment('od_1', '销售一部');
});
afterAll(async () => {
  await h.close();
});

/** Sends a message as a rep and waits for the bot's reply to arrive at the fake Feishu. */
async function exchange(sender: string, text: string, extra: { chatType?: 'p2p' | 'group'; chatId?: string; mentions?: { key: string; openId: string; name: string }[] } = {}): Promise<SentMessage> {
  const said = h.say({ senderOpenId: sender, text, ...extra });
  const res = await said.response;
  expect(res.status).toBe(200);
  const messageId = messageIdOf(said.event);
  return eventually(() => h.fake.sent.find((m) => m.replyTo === messageId), 15_000, `the reply to "${text}"`);
}

function messageIdOf(ev: Record<string, unknown>): string {
  const id: unknown = Reflect.get(Reflect.get(Reflect.get(ev, 'event') ?? {}, 'message') ?? {}, 'message_id');
  return String(id);
}

function responseCard(json: unknown): unknown {
  return Reflect.get(Reflect.get(typeof json === 'object' && json !== null ? json : {}, 'card') ?? {}, 'data');
}

describe('registration end to end: event in → row in PostgreSQL → card received by Feishu', () => {
  it('threads the success card under the rep\'s message, and stores the lead', async () => {
    const reply = await exchange('ou_rep1', '报备 张伟 13812345678 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级');
    expect(reply).toMatchObject({ via: 'reply', msgType: 'interactive', content: { schema: '2.0' } });
    const text = cardText(reply.content);
    expect(text).toContain('报备成功：张伟');
    expect(text).toContain('朝阳区望京花园');
    for (const b of ['添加跟进', '编辑', '撤销']) expect(text).toContain(b);
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('李雷');
    const event = await db.inboundEvent.findFirstOrThrow({ where: { eventKey: reply.replyTo ?? '' } });
    expect(event).toMatchObject({ platform: 'feishu', status: 'done', attempts: 1 });
  });

  it('creates an unknown sender from the contact API: name, department, leader', async () => {
    const member = await db.member.findFirstOrThrow({ where: { platformUserId: 'ou_rep1' } });
    expect(member).toMatchObject({ name: '李雷', department: '销售一部', leaderPlatformUserId: 'ou_mgr', role: 'rep' });
  });
});

describe('a registration missing a field gets a form, and its submit completes it inline', () => {
  it('the form arrives pre-filled, and submitting it answers with the success card in the callback response', async () => {
    const form = await exchange('ou_rep1', '报备 周杰 13700002222');
    expect(cardText(form.content)).toContain('还差一点信息');
    const defaults = formDefaults(form.content);
    expect(defaults).toMatchObject({ name: '周杰', phone: '13700002222' });
    expect(await db.lead.count({ where: { phone: '13700002222' } })).toBe(0);

    const res = await h.click(form, '提交报备', { operator: 'ou_rep1', formValue: { ...defaults, address: '浦东新区碧云社区', level: 'B' } });
    expect(res.status).toBe(200);
    expect(cardText(responseCard(res.json))).toContain('报备成功：周杰');
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13700002222' } });
    expect(lead.address).toBe('浦东新区碧云社区');
  });
});

describe('a collision names the owner and offers a ruling', () => {
  it('shows the owner and a masked phone, and applying stores the application', async () => {
    const card = await exchange('ou_rep2', '报备 张伟 13812345678 朝阳区 床垫');
    const text = cardText(card.content);
    expect(text).toContain('撞单');
    expect(text).toContain('李雷');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');

    const res = await h.click(card, '申请裁决', { operator: 'ou_rep2' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain('已申请裁决');
    const dispute = await db.dispute.findFirstOrThrow({ include: { applicant: true } });
    expect(dispute).toMatchObject({ kind: 'ownership', status: 'pending' });
    expect(dispute.applicant.name).toBe('韩梅梅');
  });
});

describe('in a group chat the bot answers only when @-mentioned', () => {
  it('answers an @bot message in the group, threaded under it', async () => {
    const reply = await exchange('ou_rep1', '@_user_1 帮助', {
      chatType: 'group',
      chatId: 'oc_team',
      mentions: [{ key: '@_user_1', openId: h.fake.botOpenId, name: '线索助手' }],
    });
    expect(cardText(reply.content).length).toBeGreaterThan(0);
  });

  it('ignores group chatter that does not mention it: nothing stored, nothing sent', async () => {
    const before = await db.inboundEvent.count();
    const said = h.say({ senderOpenId: 'ou_rep1', chatType: 'group', chatId: 'oc_team', text: '今天天气不错' });
    const res = await said.response;
    expect(res).toMatchObject({ status: 200, json: { ignored: 'not_addressed' } });
    expect(await db.inboundEvent.count()).toBe(before);
  });
});

describe('card buttons answer inline within Feishu\'s budget', () => {
  it('undo from the success card replaces the card and removes the lead', async () => {
    const card = await exchange('ou_rep1', '报备 孙丽 13900001111 海淀区 两房');
    const res = await h.click(card, '撤销', { operator: 'ou_rep1' });
    expect(res.status).toBe(200);
    expect(responseCard(res.json) ?? Reflect.get(Object(res.json), 'toast')).toBeDefined();
    await eventually(async () => ((await db.lead.count({ where: { phone: '13900001111', erasedAt: null, status: { not: 'released' } } })) === 0 ? true : undefined), 5000, 'the lead to be undone');
  });
});
