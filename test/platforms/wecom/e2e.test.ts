import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/core/bot/createBot.js';
import { createInboundQueue, processInbound, producerConnection, recordInbound, type InboundQueue } from '../../../src/jobs/inbound/index.js';
import { queueConnection } from '../../../src/jobs/connection.js';
import { deliverRow } from '../../../src/jobs/outbound/deliver.js';
import { DEFAULT_RETRY } from '../../../src/jobs/outbound/limits.js';
import { createOutbox } from '../../../src/jobs/outbound/outbox.js';
import { OutboundQueues } from '../../../src/jobs/outbound/queues.js';
import { createActionLedger } from '../../../src/platforms/wecom/actionLedger.js';
import { createWecomClient } from '../../../src/platforms/wecom/client.js';
import { createWecomCrypto } from '../../../src/platforms/wecom/crypto.js';
import { wecomRoutes } from '../../../src/platforms/wecom/routes.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/wecomApi.js';
import { testDb } from '../../helpers/db.js';
import { redisUrl } from '../../helpers/pg.js';

/**
 * The whole WeCom path with the real bot, the real inbound store and the real Outbox:
 * signed + encrypted callback in → InboundEvent → bot → OutboundMessage → the WeCom client →
 * the fake WeCom API. Workers are stood in for by their one-step functions (processInbound,
 * deliverRow) so each step is awaited, not polled.
 */
const CORP_ID = 'ww_e2e_corp';
const TOKEN = 'e2eToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const AGENT_ID = '1000002';

const { db } = await testDb();
const prefix = `t-wecom-e2e-${randomBytes(4).toString('hex')}`;
let fake: FakeWecom;
let redis: ReturnType<typeof producerConnection>;
let inbound: InboundQueue;
let outboundQueues: OutboundQueues;
let now = new Date('2026-11-24T02:00:00.000Z');
let app: ReturnType<typeof wecomRoutes>;
let client: ReturnType<typeof createWecomClient>;
const bot = createBot({ db, now: () => now, adminIds: ['boss'], defaultRole: 'rep' });

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
  client = createWecomClient({ baseUrl: fake.url, corpId: CORP_ID, secret: 'e2e-secret', agentId: AGENT_ID, now: () => now.getTime() });
  redis = producerConnection(redisUrl());
  inbound = createInboundQueue(redis, prefix);
  outboundQueues = new OutboundQueues(queueConnection(redisUrl(), prefix), DEFAULT_RETRY);
  const outbox = createOutbox(db, outboundQueues);
  app = wecomRoutes({
    crypto: { token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID },
    replayWindowSeconds: 300,
    client,
    bot,
    outbox,
    record: (input) => recordInbound(db, inbound, input),
    ledger: createActionLedger(db),
    now: () => now,
  });
  pipeline.outbox = outbox;
});
afterAll(async () => {
  await inbound.obliterate({ force: true });
  await inbound.close();
  for (const q of outboundQueues.all()) await q.obliterate({ force: true });
  await outboundQueues.close();
  redis.disconnect();
  await fake.close();
});

const pipeline: { outbox?: ReturnType<typeof createOutbox> } = {};
const crypto = createWecomCrypto({ token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID });
const seconds = () => String(Math.floor(now.getTime() / 1000));

async function callback(plainXml: string): Promise<Response> {
  const timestamp = seconds();
  const nonce = randomBytes(4).toString('hex');
  const { encrypt, msgSignature } = crypto.seal(plainXml, timestamp, nonce);
  const body = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${AGENT_ID}]]></AgentID></xml>`;
  return app.request(`/callback?${new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce })}`, { method: 'POST', body });
}

const textXml = (from: string, msgId: string, content: string) =>
  `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${seconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`;

const clickXml = (from: string, key: string, taskId: string, responseCode: string) =>
  `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${seconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${key}]]></EventKey><TaskId><![CDATA[${taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${responseCode}]]></ResponseCode><AgentID>${AGENT_ID}</AgentID></xml>`;

/** What the inbound and outbound workers would do next, one step at a time. */
async function runWorkers(): Promise<void> {
  const outbox = pipeline.outbox;
  if (!outbox) throw new Error('not set up');
  for (const row of await db.inboundEvent.findMany({ where: { status: 'pending' } })) {
    await processInbound({ db, bot, outbox, clients: { wecom: client }, now: () => now }, row.id);
  }
  for (const row of await db.outboundMessage.findMany({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' } })) {
    await deliverRow(db, { wecom: client }, row.id, false, now);
  }
}

interface SentCard {
  touser: string;
  agentid: number;
  template_card: { card_type: string; task_id: string; main_title: { title: string }; button_list: { text: string; key: string }[] };
}

describe('registration end to end: a WeCom message becomes a lead and a template card', () => {
  it('stores the lead with the sender resolved through the contact API and sends the success card', async () => {
    const before = fake.sent().length;
    const res = await callback(textXml('zhangsan', '8000000000000000001', '报备 张伟 13812345678 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级'));
    expect(res.status).toBe(200);
    await runWorkers();

    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner).toMatchObject({ name: '张三', platformUserId: 'zhangsan', department: '销售一部', leaderPlatformUserId: 'boss' });

    const cards = fake.sent().slice(before) as unknown as SentCard[];
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ touser: 'zhangsan', agentid: 1000002, msgtype: 'template_card', template_card: { card_type: 'button_interaction' } });
    expect(JSON.stringify(cards[0])).toContain('张伟');
    expect(cards[0]!.template_card.button_list.map((b) => b.text)).toEqual(['添加跟进', '编辑', '撤销']);
  });

  it('processes a retried callback (same MsgId) once', async () => {
    const before = fake.sent().length;
    for (let i = 0; i < 3; i++) {
      expect((await callback(textXml('zhangsan', '8000000000000000002', '报备 李娜 13812340000 海淀区 沙发'))).status).toBe(200);
      await runWorkers();
    }
    expect(await db.inboundEvent.count({ where: { eventKey: '8000000000000000002' } })).toBe(1);
    expect(await db.lead.count({ where: { phone: '13812340000' } })).toBe(1);
    expect(fake.sent().length - before).toBe(1);
  });
});

describe('a card click updates the card through update_template_card with its response code', () => {
  it('undoes the registration, replaces the card for its receivers, and runs once across retries', async () => {
    await callback(textXml('zhangsan', '8000000000000000003', '报备 冯八 13611112222 西城区 床垫'));
    await runWorkers();
    const card = fake.sent().at(-1) as unknown as SentCard;
    const undo = card.template_card.button_list.find((b) => b.text === '撤销');
    expect(undo).toBeDefined();

    now = new Date(now.getTime() + 60_000);
    const code = fake.issueResponseCode();
    const click = clickXml('zhangsan', undo!.key, card.template_card.task_id, code);
    const updatesBefore = fake.updates().length;
    for (let i = 0; i < 2; i++) expect((await callback(click)).status).toBe(200);

    const updates = fake.updates().slice(updatesBefore);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ response_code: code, agentid: 1000002, atall: 1, template_card: { card_type: 'text_notice', main_title: { title: '已撤销报备：冯八' } } });
    expect(await db.lead.count({ where: { phone: '13611112222', erasedAt: null, status: { notIn: ['released', 'expired'] } } })).toBe(0);
  });
});

describe('a registration missing fields: WeCom cards cannot take typing', () => {
  it('sends the pre-filled card and a text asking to resend the message', async () => {
    const before = fake.sent().length;
    await callback(textXml('zhangsan', '8000000000000000004', '报备 周杰 13700002222'));
    await runWorkers();
    const sent = fake.sent().slice(before);
    expect(sent.map((m) => m.msgtype)).toEqual(['template_card', 'text']);
    expect(JSON.stringify(sent[0])).toContain('周杰');
    expect(JSON.stringify(sent[1])).toContain('重新发送');
    expect(await db.lead.count({ where: { phone: '13700002222' } })).toBe(0);

    // The rep does what the prompt says.
    await callback(textXml('zhangsan', '8000000000000000005', '报备 周杰 13700002222 浦东新区碧云社区 看衣柜'));
    await runWorkers();
    expect(await db.lead.count({ where: { phone: '13700002222' } })).toBe(1);
  });
});
