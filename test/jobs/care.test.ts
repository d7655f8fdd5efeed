import { describe, expect, it } from 'vitest';
import { logCare } from '../../src/core/care/index.js';
import { markLost, markWon, registerLead } from '../../src/core/leads/index.js';
import { settled, world } from './setup.js';

// Asia/Shanghai (UTC+8), default policy: first 回访 1 working day after the sale at 09:00, then
// every 30 days; a lost customer every 90 days.
const w = await world({ start: '2026-12-04T02:00:00Z' });

let seq = 0;
async function closed(outcome: 'won' | 'lost', name: string): Promise<string> {
  seq++;
  const r = await registerLead(w.db, { actorId: w.rep.id, sentAt: w.clock.at, phone: `1370013${String(8000 + seq)}`, name, product: '星河 S7' }, w.clock.at);
  if (!r.ok) throw new Error(`registration refused: ${r.reason}`);
  const at = new Date('2026-12-04T08:00:00Z'); // Friday 16:00 local
  const c = outcome === 'won' ? await markWon(w.db, { actorId: w.rep.id, lead: { leadId: r.lead.id }, at }, at) : await markLost(w.db, { actorId: w.rep.id, lead: { leadId: r.lead.id }, reason: '买了别家', at }, at);
  if (!c.ok) throw new Error('close refused');
  return r.lead.id;
}

const careRows = (kind: string, leadId: string) => w.db.outboundMessage.findMany({ where: { dedupeKey: { startsWith: `${kind}:${leadId}:` } }, orderBy: { createdAt: 'asc' } });

describe('care (回访) reminders fire on their days', () => {
  it('a Friday sale: reminded Monday 09:00, once; a 回访 moves the next one a month on', async () => {
    w.clock.set('2026-12-04T02:00:00Z');
    const id = await closed('won', '张先生');
    expect((await w.jobs.sweep(w.clock.set('2026-12-05T01:00:00Z'))).careReminded).toBe(0); // Saturday: not a working day
    expect((await w.jobs.sweep(w.clock.set('2026-12-07T00:59:00Z'))).careReminded).toBe(0);
    expect((await w.jobs.sweep(w.clock.set('2026-12-07T01:00:00Z'))).careReminded).toBe(1);
    expect((await w.jobs.sweep(w.clock.set('2026-12-07T01:01:00Z'))).careReminded).toBe(0);
    const [row] = await careRows('care', id);
    expect(row?.dedupeKey).toBe(`care:${id}:2026-12-07T01:00:00.000Z`);
    const sent = await settled(w.db, row?.dedupeKey ?? '');
    const message = w.fake.sent.find((s) => s.messageId === sent.messageId);
    expect(message?.receiveId).toBe('ou_rep1');
    expect(JSON.stringify(message?.content)).toContain('回访提醒：张先生');
    expect(JSON.stringify(message?.content)).toContain('记录回访');

    w.clock.set('2026-12-07T03:00:00Z');
    expect(await logCare(w.db, { actorId: w.rep.id, lead: { leadId: id }, content: '交车后电话回访 很满意' }, w.clock.at)).toMatchObject({ ok: true });
    expect((await w.jobs.sweep(w.clock.set('2027-01-06T00:59:00Z'))).careReminded).toBe(0);
    expect((await w.jobs.sweep(w.clock.set('2027-01-06T01:00:00Z'))).careReminded).toBe(1);
    expect((await careRows('care', id)).map((r) => r.dedupeKey)).toEqual([`care:${id}:2026-12-07T01:00:00.000Z`, `care:${id}:2027-01-06T01:00:00.000Z`]);
  });

  it('a lost customer: a win-back reminder a quarter later', async () => {
    w.clock.set('2026-12-04T02:00:00Z');
    const id = await closed('lost', '孙女士');
    expect((await w.jobs.sweep(w.clock.set('2027-03-04T00:59:00Z'))).careReminded).toBe(0);
    expect((await w.jobs.sweep(w.clock.set('2027-03-04T01:00:00Z'))).careReminded).toBe(1);
    const [row] = await careRows('win_back', id);
    const sent = await settled(w.db, row?.dedupeKey ?? '');
    const message = w.fake.sent.find((s) => s.messageId === sent.messageId);
    expect(JSON.stringify(message?.content)).toContain('流失客户回访：孙女士');
    expect(JSON.stringify(message?.content)).toContain('买了别家');
  });

  it('a reminder due while the service was down goes out when it is back, once, after a restart', async () => {
    w.clock.set('2026-12-04T02:00:00Z');
    const id = await closed('won', '李先生');
    await w.restart();
    // Down from Sunday until Wednesday: Monday's reminder goes out on Wednesday.
    expect((await w.jobs.sweep(w.clock.set('2026-12-09T02:00:00Z'))).careReminded).toBeGreaterThanOrEqual(1);
    expect(await careRows('care', id)).toHaveLength(1);
    await w.restart();
    expect((await w.jobs.sweep(w.clock.set('2026-12-09T02:01:00Z'))).careReminded).toBe(0);
    expect(await careRows('care', id)).toHaveLength(1);
  });
});
