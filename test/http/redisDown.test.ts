import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { serverEnv } from '../helpers/serverEnv.js';
import { eventually } from '../fakes/http.js';
import { ENCRYPT_KEY, cardText, startHarness, type Harness } from './harness.js';

/**
 * The inbound queue lives on a redis-server of its own, on a port where nothing listens yet:
 * Redis is down when the message arrives, and this test brings it up afterwards.
 */
const { db } = await testDb();
let h: Harness;
let port: number;
let redis: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const p = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(p));
    });
  });
}

function startRedis(p: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv() });
    child.once('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve(child);
    });
  });
}

beforeAll(async () => {
  port = await freePort();
  h = await startHarness({ db, encryptKey: ENCRYPT_KEY, inboundRedisUrl: `redis://127.0.0.1:${port}`, repairEveryMs: 200 });
  h.fake.addUser('ou_rep1', { name: '李雷' });
});
afterAll(async () => {
  await h.close();
  redis?.kill('SIGTERM');
});

describe('Redis down at receipt: the event is stored, acknowledged, and processed once Redis is back', () => {
  it('answers 200 with the row stored while Redis is down', async () => {
    const said = h.say({ senderOpenId: 'ou_rep1', text: '报备 张伟 13812345678 朝阳区望京花园 床垫', messageId: 'om_while_down' });
    const res = await said.response;
    expect(res).toMatchObject({ status: 200, json: { stored: true } });
    const row = await db.inboundEvent.findFirstOrThrow({ where: { eventKey: 'om_while_down' } });
    expect(row.status).toBe('pending');
    expect(h.fake.sent).toHaveLength(0);
  });

  it('reports Redis down on /healthz meanwhile', async () => {
    const res = await h.app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ postgres: 'ok', redis: 'down' });
  });

  it('processes the stored event after Redis comes back, once', async () => {
    redis = await startRedis(port);
    const reply = await eventually(() => h.fake.sent.find((m) => m.replyTo === 'om_while_down'), 20_000, 'the reply after Redis returned');
    expect(cardText(reply.content)).toContain('报备成功：张伟');
    const row = await eventually(
      () => db.inboundEvent.findFirst({ where: { eventKey: 'om_while_down', status: 'done' } }).then((r) => r ?? undefined),
      10_000,
      'the row to be done',
    );
    expect(row.attempts).toBe(1);
    expect(await db.lead.count({ where: { phone: '13812345678' } })).toBe(1);
    expect(h.fake.sent.filter((m) => m.replyTo === 'om_while_down')).toHaveLength(1);
  });
});
