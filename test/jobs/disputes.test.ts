import { describe, expect, it } from 'vitest';
import { applyForRuling, registerLead } from '../../src/core/leads/index.js';
import { world } from './setup.js';

// disputeReminderHours defaults to 4. Asia/Shanghai; the application is made 12-01 10:00 local.
const w = await world({ start: '2026-12-01T02:00:00Z' });

describe('issue 6: an application nobody rules on reminds the managers after disputeReminderHours', () => {
  it('reminds the manager privately once per round, and stops after a decision', async () => {
    const reg = await registerLead(w.db, { actorId: w.rep.id, sentAt: w.clock.at, phone: '13800138123', name: '何先生', product: '星河 S7' }, w.clock.at);
    if (!reg.ok) throw new Error(reg.reason);
    const applied = await applyForRuling(w.db, { actorId: w.rep2.id, lead: { phone: '13800138123' }, reason: '客户先到我这里看车' }, w.clock.at);
    expect(applied.ok).toBe(true);

    expect((await w.jobs.sweep(w.clock.set('2026-12-01T05:59:00Z'))).disputesReminded).toBe(0);
    expect((await w.jobs.sweep(w.clock.set('2026-12-01T06:00:00Z'))).disputesReminded).toBe(1);
    expect((await w.jobs.sweep(w.clock.set('2026-12-01T06:30:00Z'))).disputesReminded).toBe(0);

    const rows = await w.db.outboundMessage.findMany({ where: { dedupeKey: { startsWith: 'dispute-remind:' } } });
    expect(rows.map((r) => r.target)).toEqual(['ou_mgr']);
    const text = JSON.stringify(rows[0]?.payload);
    expect(text).toContain('归属裁决申请待裁决：何先生');
    expect(text).toContain('赵六');
    expect(text).toContain('138****8123');
    expect(text).not.toContain('13800138123');

    // Still pending four hours later: a second round.
    expect((await w.jobs.sweep(w.clock.set('2026-12-01T10:00:00Z'))).disputesReminded).toBe(1);
    expect(await w.db.outboundMessage.count({ where: { dedupeKey: { startsWith: 'dispute-remind:' } } })).toBe(2);

    // Decided: no more reminders.
    await w.db.dispute.updateMany({ where: { leadId: reg.lead.id }, data: { status: 'kept', decidedAt: w.clock.at, decidedById: w.manager.id } });
    expect((await w.jobs.sweep(w.clock.set('2026-12-01T15:00:00Z'))).disputesReminded).toBe(0);
  });
});
