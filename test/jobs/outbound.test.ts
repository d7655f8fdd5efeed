import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/model.js';
import { settled, world } from './setup.js';

const w = await world({ start: '2026-12-01T02:00:00Z' });
const card = (title: string): Card => ({ header: { title, color: 'blue' }, elements: [{ type: 'text', text: '内容' }] });
const toRep = { kind: 'user', userId: 'ou_rep1' } as const;

describe('every message goes through the outbox: stored once per dedupe key, then sent', () => {
  it('sends a card to the user and records the platform message id on the row', async () => {
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [{ to: toRep, card: card('跟进提醒'), dedupeKey: 'o-1' }]);
    const row = await settled(w.db, 'o-1');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, target: 'ou_rep1', orgId: w.org.id });
    const sent = w.fake.sent.find((s) => s.messageId === row.messageId);
    expect(sent).toMatchObject({ receiveId: 'ou_rep1', msgType: 'interactive' });
    expect(sent?.content).toMatchObject({ header: { title: { content: '跟进提醒' } } });
  });

  it('never sends the same notification twice: a repeated dedupe key is skipped', async () => {
    const before = w.fake.sent.length;
    const msg = { to: toRep, card: card('保护期即将到期'), dedupeKey: 'lapse-warn:L1:2026-12-11T02:00:00.000Z' };
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [msg, msg]);
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [msg]);
    await settled(w.db, msg.dedupeKey);
    expect(await w.db.outboundMessage.count({ where: { dedupeKey: msg.dedupeKey } })).toBe(1);
    await w.fake.waitForSent(before + 1);
    // A later, unrelated message proves the queue moved past any duplicate.
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [{ to: toRep, text: '之后', dedupeKey: 'o-after' }]);
    await settled(w.db, 'o-after');
    expect(w.fake.sent.filter((s) => JSON.stringify(s.content).includes('保护期即将到期'))).toHaveLength(1);
  });

  it('updates the card sent earlier under the update key instead of posting a new one', async () => {
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [{ to: { kind: 'chat', chatId: 'oc_team' }, card: card('撞单裁决'), dedupeKey: 'ruling:D1' }]);
    const first = await settled(w.db, 'ruling:D1');
    const sentBefore = w.fake.sent.length;
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [
      { to: { kind: 'chat', chatId: 'oc_team' }, card: card('撞单裁决：已维持原归属'), dedupeKey: 'ruling:D1:decided', updateKey: 'ruling:D1' },
    ]);
    const update = await settled(w.db, 'ruling:D1:decided');
    expect(update).toMatchObject({ status: 'sent', messageId: first.messageId });
    expect(w.fake.patches.map((p) => p.messageId)).toContain(first.messageId);
    expect(w.fake.sent.length).toBe(sentBefore);
  });
});

describe('rate limits and failures: back off and retry, give up visibly', () => {
  it('a 429 from the platform is retried and then succeeds', async () => {
    w.fake.failNext(2, { status: 429, code: 99991400, msg: 'request trigger frequency limit' }, '/im/v1/messages');
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [{ to: toRep, card: card('重试'), dedupeKey: 'o-429' }]);
    const row = await settled(w.db, 'o-429');
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(w.fake.sent.filter((s) => JSON.stringify(s.content).includes('重试'))).toHaveLength(1);
  });

  it('gives up after the bounded number of tries: status failed with the last error', async () => {
    w.fake.failNext(4, { status: 503, code: 503, msg: 'service unavailable' }, '/im/v1/messages');
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [{ to: toRep, card: card('失败'), dedupeKey: 'o-503' }]);
    const row = await settled(w.db, 'o-503');
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(4);
    expect(row.lastError).toMatch(/503|unavailable/);
  });

  it('a refusal that retrying cannot fix fails at once', async () => {
    w.fake.failNext(1, { status: 400, code: 230002, msg: 'bot is not in the chat' }, '/im/v1/messages');
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [{ to: { kind: 'chat', chatId: 'oc_gone' }, text: '你好', dedupeKey: 'o-400' }]);
    const row = await settled(w.db, 'o-400');
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastError).toContain('230002');
  });

  it('holds a burst to one chat to the per-target window and still delivers all of it', async () => {
    const burst = Array.from({ length: 8 }, (_, i) => ({ to: { kind: 'chat', chatId: 'oc_burst' } as const, text: `第${i + 1}条`, dedupeKey: `burst-${i}` }));
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, burst);
    for (const m of burst) expect((await settled(w.db, m.dedupeKey)).status).toBe('sent');
    expect(w.fake.sent.filter((s) => s.receiveId === 'oc_burst')).toHaveLength(8);
  });
});

describe('a message stored while Redis is unreachable is sent once Redis is back', () => {
  it('the sweep re-queues rows left pending', async () => {
    // Rows written straight to the table stand for an enqueue whose Redis call failed.
    await w.db.outboundMessage.create({
      data: { platform: 'feishu', dedupeKey: 'o-orphan', orgId: w.org.id, target: 'ou_rep2', payload: { tenantKey: w.org.tenantKey, message: { to: { kind: 'user', userId: 'ou_rep2' }, text: '补发', dedupeKey: 'o-orphan' } }, createdAt: new Date(w.clock.now().getTime() - 60_000) },
    });
    const report = await w.jobs.sweep();
    expect(report.requeued).toBeGreaterThanOrEqual(1);
    expect((await settled(w.db, 'o-orphan')).status).toBe('sent');
  });
});
