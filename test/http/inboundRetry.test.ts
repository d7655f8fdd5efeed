import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { eventually } from '../fakes/http.js';
import { processInbound } from '../../src/jobs/inbound/worker.js';
import { startInboundRepair } from '../../src/jobs/inbound/repair.js';
import { enqueueInbound } from '../../src/jobs/inbound/enqueue.js';
import { ENCRYPT_KEY, startHarness, type Harness } from './harness.js';

const { db } = await testDb();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db, encryptKey: ENCRYPT_KEY });
});
afterAll(async () => {
  await h.close();
});

function payload(messageId: string, senderId = 'ou_x') {
  return { platform: 'feishu', tenantKey: 'tenant_a', senderId, chatId: 'oc_1', chatType: 'p2p', messageId, text: '帮助', sentAt: new Date().toISOString() };
}

describe('a failed attempt is recorded with its reason, and a retry completes it', () => {
  it('an event whose payload cannot be read is marked failed with the error and the attempt counted', async () => {
    const row = await db.inboundEvent.create({ data: { platform: 'feishu', eventKey: 'om_corrupt', payload: { text: 'no sender' } } });
    expect(await enqueueInbound(h.queue, row.id, 1000)).toBe(true);
    const failed = await eventually(
      () => db.inboundEvent.findFirst({ where: { id: row.id, status: 'failed' } }).then((r) => r ?? undefined),
      10_000,
      'the attempt to fail',
    );
    expect(failed.attempts).toBeGreaterThanOrEqual(1);
    expect(failed.error).toContain('senderId');
    expect(failed.processedAt).toBeNull();
  });

  it('a failed event is taken up again by its retry and completes, keeping the attempt count', async () => {
    h.fake.addUser('ou_again', { name: '重试' });
    const row = await db.inboundEvent.create({
      data: { platform: 'feishu', eventKey: 'om_again', payload: payload('om_again', 'ou_again'), status: 'failed', attempts: 1, error: 'Error: earlier outage' },
    });
    expect(await processInbound({ db, pipeline: h.pipeline, clients: { feishu: h.client } }, row.id)).toBe('done');
    const done = await db.inboundEvent.findUniqueOrThrow({ where: { id: row.id } });
    expect(done).toMatchObject({ status: 'done', attempts: 2, error: null });
    expect(done.processedAt).not.toBeNull();
    await eventually(() => h.fake.sent.find((m) => m.replyTo === 'om_again'), 15_000, 'the reply');
  });
});

describe('processing is claimed once', () => {
  it('a second job for an event already done is skipped', async () => {
    const row = await db.inboundEvent.findFirstOrThrow({ where: { status: 'done' } });
    const outcome = await processInbound({ db, pipeline: h.pipeline, clients: { feishu: h.client } }, row.id);
    expect(outcome).toBe('skipped');
    expect((await db.inboundEvent.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(row.attempts);
  });
});

describe('the repair sweep re-enqueues only old pending events', () => {
  it('leaves fresh and finished events alone', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const p = payload('m');
    await db.inboundEvent.create({ data: { platform: 'feishu', eventKey: 'old-pending', payload: p, receivedAt: new Date(now.getTime() - 60_000) } });
    await db.inboundEvent.create({ data: { platform: 'feishu', eventKey: 'fresh-pending', payload: p, receivedAt: now } });
    await db.inboundEvent.create({ data: { platform: 'feishu', eventKey: 'old-done', payload: p, status: 'done', receivedAt: new Date(now.getTime() - 60_000) } });
    const repair = startInboundRepair({ db, queue: h.queue, everyMs: 3_600_000, olderThanMs: 5_000, now: () => now });
    try {
      const before = new Set((await h.queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).map((j) => j.id));
      await repair.runOnce();
      const added = (await h.queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter((j) => !before.has(j.id));
      const old = await db.inboundEvent.findFirstOrThrow({ where: { eventKey: 'old-pending' } });
      expect(added.map((j) => j.id)).toEqual([old.id]);
    } finally {
      await repair.stop();
    }
  });
});
