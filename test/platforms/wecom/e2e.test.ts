import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWecom, type FakeWecom } from '../../fakes/wecomApi.js';
import { assembleForTest, type TestAssembly } from '../../helpers/assembly.js';
import { testDb } from '../../helpers/db.js';
import { WecomDriver } from './driver.js';

/**
 * The whole WeCom path as production assembles it (src/assemble.ts): signed + encrypted
 * callback to /wecom/callback → InboundEvent → bot → OutboundMessage → the WeCom client → the
 * fake WeCom API. No workers run: the driver takes each step itself, so a test awaits it.
 */
const CORP_ID = 'ww_e2e_corp';
const TOKEN = 'e2eToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const AGENT_ID = '1000002';

const { db } = await testDb();
let fake: FakeWecom;
let assembly: TestAssembly;
let now = new Date('2026-11-24T02:00:00.000Z');
let wecom: WecomDriver;

beforeAll(async () => {
  fake = await startFakeWecom({
    corpId: CORP_ID,
    secret: 'e2e-secret',
    users: {
      zhangsan: { name: '张三', department: [2], main_department: 2, direct_leader: ['boss'] },
      boss: { name: '赵总', department: [1] },
    },
    departments: { 1: '总部', 2: '销售一部' },
  });
  assembly = await assembleForTest(
    db,
    { WECOM_CORP_ID: CORP_ID, WECOM_AGENT_ID: AGENT_ID, WECOM_SECRET: 'e2e-secret', WECOM_TOKEN: TOKEN, WECOM_AES_KEY: AES_KEY, WECOM_BASE_URL: fake.url, ADMIN_USER_IDS: 'boss' },
    { now: () => now, jobs: { workers: false, manualTimers: true }, inbound: { worker: false } },
  );
  const client = assembly.clients.wecom;
  if (!client) throw new Error('WeCom is configured, the assembly has its client');
  wecom = new WecomDriver({ db, pipeline: assembly.pipeline, client, fake, app: assembly.app, corpId: CORP_ID, token: TOKEN, aesKey: AES_KEY, agentId: AGENT_ID, now: () => now });
});
afterAll(async () => {
  await assembly.stop();
  await fake.close();
});

describe('registration end to end: a WeCom message becomes a lead and a template card', () => {
  it('stores the lead with the sender resolved through the contact API and sends the success card', async () => {
    const res = await wecom.say('zhangsan', '报备 张伟 13812345678 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级');
    expect(res.status).toBe(200);

    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner).toMatchObject({ name: '张三', platformUserId: 'zhangsan', department: '销售一部', leaderPlatformUserId: 'boss' });

    const cards = wecom.cardsFor('zhangsan');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ touser: 'zhangsan', agentid: 1000002, msgtype: 'template_card', template_card: { card_type: 'button_interaction' } });
    expect(JSON.stringify(cards[0])).toContain('张伟');
    expect(cards[0]!.template_card.button_list?.map((b) => b.text)).toEqual(['添加跟进', '编辑', '撤销']);
  });

  it('processes a retried callback (same MsgId) once', async () => {
    const before = fake.sent().length;
    for (let i = 0; i < 3; i++) {
      expect((await wecom.say('zhangsan', '报备 李娜 13812340000 海淀区 沙发', '8000000000000000002')).status).toBe(200);
    }
    expect(await db.inboundEvent.count({ where: { eventKey: `${CORP_ID}:8000000000000000002` } })).toBe(1);
    expect(await db.lead.count({ where: { phone: '13812340000' } })).toBe(1);
    expect(fake.sent().length - before).toBe(1);
  });
});

describe('a card click updates the card through update_template_card with its response code', () => {
  it('undoes the registration, replaces the card for its receivers, and runs once across retries', async () => {
    await wecom.say('zhangsan', '报备 冯八 13611112222 西城区 床垫');
    const card = wecom.lastCardFor('zhangsan');
    now = new Date(now.getTime() + 60_000);

    const updatesBefore = fake.updates().length;
    const { res, responseCode } = await wecom.click('zhangsan', card, '撤销');
    expect(res.status).toBe(200);
    // WeCom retries the very same callback when it thinks it went unanswered.
    const undo = card.template_card.button_list?.find((b) => b.text === '撤销');
    const retry = await wecom.post(wecom.clickXml('zhangsan', undo?.key ?? '', card.template_card.task_id ?? '', responseCode));
    expect(retry.status).toBe(200);

    const updates = fake.updates().slice(updatesBefore);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      response_code: responseCode,
      agentid: 1000002,
      atall: 1,
      template_card: { card_type: 'text_notice', main_title: { title: '已撤销报备：冯八' } },
    });
    expect(await db.lead.count({ where: { phone: '13611112222', erasedAt: null, status: { notIn: ['released', 'expired'] } } })).toBe(0);
  });
});

describe('a click whose card cannot be updated is still applied once', () => {
  it('retries a card update that met a server error', async () => {
    await wecom.say('zhangsan', '报备 褚九 13611113333 东城区 床垫');
    const card = wecom.lastCardFor('zhangsan');
    fake.failNext('/cgi-bin/message/update_template_card', 1, { status: 502 });
    const before = fake.updates().length;
    await wecom.click('zhangsan', card, '撤销');
    expect(fake.updates().slice(before)).toHaveLength(1);
  });
  it('keeps the action when WeCom refuses the update, and a retry of the click does not run it again', async () => {
    await wecom.say('zhangsan', '报备 卫十 13611114444 东城区 沙发');
    const card = wecom.lastCardFor('zhangsan');
    fake.failNext('/cgi-bin/message/update_template_card', 1, { errcode: 40058, errmsg: 'response_code used' });
    const { res, responseCode } = await wecom.click('zhangsan', card, '撤销');
    expect(res.status).toBe(200);
    expect(await db.lead.count({ where: { phone: '13611114444', erasedAt: null, status: { notIn: ['released', 'expired'] } } })).toBe(0);
    const undo = card.template_card.button_list?.find((b) => b.text === '撤销');
    const retry = await wecom.post(wecom.clickXml('zhangsan', undo?.key ?? '', card.template_card.task_id ?? '', responseCode));
    expect(retry.status).toBe(200);
    const rows = await db.inboundEvent.findMany({ where: { eventKey: { startsWith: 'card:' }, status: 'done' } });
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});

describe('WeCom has no toast: a refusal on click arrives as a text', () => {
  it('tells the rep the undo window has passed', async () => {
    await wecom.say('zhangsan', '报备 蒋一 13611115555 东城区 衣柜');
    const card = wecom.lastCardFor('zhangsan');
    now = new Date(now.getTime() + 6 * 60_000);
    const before = fake.updates().length;
    await wecom.click('zhangsan', card, '撤销');
    expect(fake.updates().length).toBe(before);
    expect(wecom.textsFor('zhangsan').at(-1)).toContain('5 分钟');
    expect(await db.lead.count({ where: { phone: '13611115555' } })).toBe(1);
  });
});

describe('a registration missing fields: WeCom cards cannot take typing', () => {
  it('sends the pre-filled card and a text asking to resend, and the resent message registers', async () => {
    const before = fake.sent().length;
    await wecom.say('zhangsan', '报备 周杰 13700002222');
    const sent = fake.sent().slice(before);
    expect(sent.map((m) => m.msgtype)).toEqual(['template_card', 'text']);
    expect(JSON.stringify(sent[0])).toContain('周杰');
    expect(wecom.textsFor('zhangsan').at(-1)).toContain('重新发送');
    expect(await db.lead.count({ where: { phone: '13700002222' } })).toBe(0);

    await wecom.say('zhangsan', '报备 周杰 13700002222 浦东新区碧云社区 看衣柜');
    expect(await db.lead.count({ where: { phone: '13700002222' } })).toBe(1);
  });
});
