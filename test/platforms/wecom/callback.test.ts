import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../src/core/bot/pipeline.js';
import { createInboundQueue, producerConnection, recordInbound, type InboundQueue } from '../../../src/jobs/inbound/index.js';
import { createWecomClient } from '../../../src/platforms/wecom/client.js';
import { createWecomCrypto } from '../../../src/platforms/wecom/crypto.js';
import { wecomRoutes } from '../../../src/platforms/wecom/routes.js';
import { VECTOR_AES_KEY, VECTOR_CORP_ID, VECTOR_MESSAGE, VECTOR_TOKEN } from '../../fakes/wecomVectors.js';
import { testDb } from '../../helpers/db.js';
import { redisUrl } from '../../helpers/pg.js';

// The official WXBizMsgCrypt configuration and vectors (shared/spec/wecom-vectors.md).
const TOKEN = VECTOR_TOKEN;
const AES_KEY = VECTOR_AES_KEY;
const CORP_ID = VECTOR_CORP_ID;
const VECTOR_POST = {
  msg_signature: VECTOR_MESSAGE.msgSignature,
  timestamp: VECTOR_MESSAGE.timestamp,
  nonce: VECTOR_MESSAGE.nonce,
  encrypt: VECTOR_MESSAGE.encrypt,
};

const { db } = await testDb();
const prefix = `t-wecom-cb-${randomBytes(4).toString('hex')}`;
let redis: ReturnType<typeof producerConnection>;
let queue: InboundQueue;
let clock = new Date(1409659813_000);

// Text messages are stored and acknowledged; the bot runs later in the inbound worker.
const notInline = () => Promise.reject(new Error('the webhook must not call the bot for a text message'));
const pipeline: Pick<Pipeline, 'click'> = { click: notInline };

function appWith(q: InboundQueue) {
  return wecomRoutes({
    crypto: { token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID },
    replayWindowSeconds: 300,
    client: createWecomClient({ baseUrl: 'http://127.0.0.1:9', corpId: CORP_ID, secret: 's', agentId: '218' }),
    pipeline,
    record: (input) => recordInbound(db, q, input, { enqueueTimeoutMs: 300 }),
    now: () => clock,
  });
}
let app: ReturnType<typeof appWith>;

beforeAll(async () => {
  redis = producerConnection(redisUrl());
  queue = createInboundQueue(redis, prefix);
  app = appWith(queue);
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
});
beforeEach(async () => {
  await db.inboundEvent.deleteMany();
  clock = new Date(1409659813_000);
});

const envelope = (encrypt: string, to = CORP_ID) =>
  `<xml><ToUserName><![CDATA[${to}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;

function post(query: Record<string, string>, body: string, target = app) {
  return target.request(`/callback?${new URLSearchParams(query)}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
}

const crypto = createWecomCrypto({ token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID });
function sealed(plain: string, opts: { timestamp?: string; nonce?: string; corpId?: string } = {}) {
  const timestamp = opts.timestamp ?? String(Math.floor(clock.getTime() / 1000));
  const nonce = opts.nonce ?? randomBytes(4).toString('hex');
  const c = opts.corpId ? createWecomCrypto({ token: TOKEN, aesKey: AES_KEY, corpId: opts.corpId }) : crypto;
  const { encrypt, msgSignature } = c.seal(plain, timestamp, nonce);
  return { query: { msg_signature: msgSignature, timestamp, nonce }, body: envelope(encrypt) };
}
const textXml = (msgId: string, content = '王先生 13800138000 看SUV', from = 'zhangsan') =>
  `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(clock.getTime() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>218</AgentID></xml>`;

describe('URL verification (GET /callback), official vector', () => {
  it('answers with the decrypted echostr as plain text', async () => {
    clock = new Date(1409659589_000);
    const query = new URLSearchParams({
      msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
      echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    });
    const res = await app.request(`/callback?${query}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
  });
  it('reads an echostr whose + arrived unencoded', async () => {
    clock = new Date(1409659589_000);
    const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
    const res = await app.request(`/callback?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=${echostr}`);
    expect(await res.text()).toBe('1616140317555161061');
  });
  it('refuses a wrong signature with 401', async () => {
    const query = new URLSearchParams({ msg_signature: '0'.repeat(40), timestamp: '1409659589', nonce: '263014780', echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==' });
    expect((await app.request(`/callback?${query}`)).status).toBe(401);
  });
});

describe('an encrypted text message is stored before it is acknowledged', () => {
  it('stores the official vector message under its MsgId and answers an empty 200', async () => {
    const res = await post(VECTOR_POST, envelope(VECTOR_POST.encrypt));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const rows = await db.inboundEvent.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      platform: 'wecom',
      eventKey: `${CORP_ID}:4561255354251345929`,
      payload: { platform: 'wecom', tenantKey: CORP_ID, senderId: 'mycreate', chatId: 'mycreate', chatType: 'p2p', messageId: '4561255354251345929', text: 'hello', sentAt: '2014-09-02T12:10:13.000Z' },
    });
  });
  it('queues it for the inbound worker', async () => {
    const { query, body } = sealed(textXml('7000000000000000001'));
    await post(query, body);
    const row = await db.inboundEvent.findFirstOrThrow();
    expect(await queue.getJob(row.id)).toBeDefined();
  });
});

describe('a retry with the same MsgId is processed once', () => {
  it('keeps one row and one job however often WeCom retries', async () => {
    for (let i = 0; i < 3; i++) {
      const { query, body } = sealed(textXml('7000000000000000002'));
      expect((await post(query, body)).status).toBe(200);
    }
    const rows = await db.inboundEvent.findMany();
    expect(rows).toHaveLength(1);
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
    expect(jobs.filter((j) => j.id === rows[0]!.id)).toHaveLength(1);
  });
});

describe('Redis down at receipt: the message is still stored, then acknowledged', () => {
  it('answers 200 with the row pending for the repair loop', async () => {
    const dead = producerConnection('redis://127.0.0.1:1', { lazyConnect: true, connectTimeout: 200 });
    dead.on('error', () => undefined);
    const deadQueue = createInboundQueue(dead, prefix);
    const { query, body } = sealed(textXml('7000000000000000003'));
    const res = await post(query, body, appWith(deadQueue));
    expect(res.status).toBe(200);
    expect(await db.inboundEvent.findFirstOrThrow()).toMatchObject({ eventKey: `${CORP_ID}:7000000000000000003`, status: 'pending' });
    await deadQueue.close().catch(() => undefined);
    dead.disconnect();
  });
});

describe('a callback that fails verification is refused and nothing is stored', () => {
  it('401 for a bad signature', async () => {
    const res = await post({ ...VECTOR_POST, msg_signature: 'f'.repeat(40) }, envelope(VECTOR_POST.encrypt));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'signature' });
    expect(await db.inboundEvent.count()).toBe(0);
  });
  it('401 for a signed callback outside the replay window', async () => {
    clock = new Date('2026-11-28T08:00:00Z');
    const res = await post(VECTOR_POST, envelope(VECTOR_POST.encrypt));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'stale' });
    expect(await db.inboundEvent.count()).toBe(0);
  });
  it('403 naming the corp when the payload was encrypted for another corp id', async () => {
    const { query, body } = sealed(textXml('7000000000000000004'), { corpId: 'ww_someone_else' });
    const res = await post(query, body);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'corp_id', message: expect.stringContaining('ww_someone_else') });
    expect(await db.inboundEvent.count()).toBe(0);
  });
  it('403 when the envelope is addressed to another corp', async () => {
    const { query, body } = sealed(textXml('7000000000000000005'));
    const res = await post(query, body.replace(`<ToUserName><![CDATA[${CORP_ID}]]>`, '<ToUserName><![CDATA[ww_someone_else]]>'));
    expect(res.status).toBe(403);
    expect(await db.inboundEvent.count()).toBe(0);
  });
});

describe('malformed XML is answered 400 with a clear error and nothing is stored', () => {
  it('for a body that is not XML', async () => {
    const res = await post(VECTOR_POST, '<xml><ToUserName>oops</xml>');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'malformed', message: expect.stringContaining('malformed XML') });
    expect(await db.inboundEvent.count()).toBe(0);
  });
  it('for an envelope without Encrypt', async () => {
    const res = await post(VECTOR_POST, `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName></xml>`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'malformed', message: expect.stringContaining('Encrypt') });
    expect(await db.inboundEvent.count()).toBe(0);
  });
  it('for a correctly signed payload whose decrypted XML is broken', async () => {
    const { query, body } = sealed('<xml><MsgType>text</MsgType><Content>half');
    const res = await post(query, body);
    expect(res.status).toBe(400);
    expect(await db.inboundEvent.count()).toBe(0);
  });
  it('for a text message missing its MsgId', async () => {
    const { query, body } = sealed(textXml('1').replace('<MsgId>1</MsgId>', ''));
    const res = await post(query, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('MsgId') });
    expect(await db.inboundEvent.count()).toBe(0);
  });
});

describe('the database unreachable at receipt: nothing is acknowledged', () => {
  it('answers 500 so WeCom retries', async () => {
    const broken = wecomRoutes({
      crypto: { token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID },
      replayWindowSeconds: 300,
      client: createWecomClient({ baseUrl: 'http://127.0.0.1:9', corpId: CORP_ID, secret: 's', agentId: '218' }),
      pipeline,
      record: () => Promise.reject(new Error('connection refused')),
      now: () => clock,
    });
    const { query, body } = sealed(textXml('7000000000000000006'));
    expect((await post(query, body, broken)).status).toBe(500);
  });
});

describe('messages the bot does not read are acknowledged and dropped', () => {
  it('an image message', async () => {
    const xml = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1409659813</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x]]></PicUrl><MediaId><![CDATA[m]]></MediaId><MsgId>1234</MsgId><AgentID>218</AgentID></xml>`;
    const { query, body } = sealed(xml);
    expect((await post(query, body)).status).toBe(200);
    expect(await db.inboundEvent.count()).toBe(0);
  });
});
