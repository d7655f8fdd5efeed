import { describe, expect, it } from 'vitest';
import { getLead, listMyLeads, lookupLeads } from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { lead, newPhone, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

describe('privacy: who sees a full phone', () => {
  it('shows the full phone to the owner and the team managers, masked to other reps, and audit-logs a manager reveal', async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const other = await w.member('李四');
    const boss = await w.member('店长', { role: 'manager' });
    const phone = newPhone();
    const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
    const t = sh('2026-11-24T10:00:00');
    const r = await registered(db, lead(owner, t, { phone }));

    expect(await lookupLeads(db, { actorId: owner, query: phone }, t)).toMatchObject({ ok: true, by: 'phone', leads: [{ phone, phoneVisible: true }] });
    expect(await lookupLeads(db, { actorId: other, query: phone }, t)).toMatchObject({ ok: true, leads: [{ phone: masked, maskedPhone: masked, phoneVisible: false, owner: { id: owner } }] });
    expect(await getLead(db, { actorId: boss, leadId: r.lead.id }, t)).toMatchObject({ ok: true, lead: { phone, phoneVisible: true } });

    const reveals = await db.auditLog.findMany({ where: { orgId: w.orgId, action: 'reveal' } });
    expect(reveals).toMatchObject([{ actorId: boss, leadId: r.lead.id }]);
  });

  it("masks for a manager of another team", async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const otherTeam = await w.team('二组');
    const otherBoss = await w.member('二组经理', { role: 'manager', teamId: otherTeam });
    const phone = newPhone();
    await registered(db, lead(owner, sh('2026-11-24T10:00:00'), { phone }));
    expect(await lookupLeads(db, { actorId: otherBoss, query: phone }, sh('2026-11-24T10:00:00'))).toMatchObject({ leads: [{ phoneVisible: false }] });
  });
});

describe('lookup (查)', () => {
  it('finds by the last digits of a phone, and by name only among what the asker works on', async () => {
    const w = await world(db);
    const a = await w.member('张三');
    const b = await w.member('李四');
    const phone = newPhone();
    const t = sh('2026-11-24T10:00:00');
    await registered(db, lead(a, t, { phone, name: '欧阳娜娜' }));
    expect(await lookupLeads(db, { actorId: b, query: phone.slice(-6) }, t)).toMatchObject({ by: 'phone', total: 1 });
    expect(await lookupLeads(db, { actorId: a, query: '欧阳' }, t)).toMatchObject({ by: 'name', total: 1 });
    expect(await lookupLeads(db, { actorId: b, query: '欧阳' }, t)).toMatchObject({ by: 'name', total: 0 });
  });
});

describe('my leads (我的客户)', () => {
  it('lists open leads, soonest follow-up first, with overdue ones flagged', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-20T10:00:00');
    const c = await registered(db, lead(rep, t0, { level: 'C' }));
    const h = await registered(db, lead(rep, t0, { level: 'H' }));
    const now = sh('2026-11-22T10:00:00');
    const mine = await listMyLeads(db, { actorId: rep }, now);
    expect(mine).toMatchObject({ ok: true, total: 2, overdue: 1 });
    if (mine.ok) expect(mine.leads.map((l) => [l.id, l.overdue])).toEqual([[h.lead.id, true], [c.lead.id, false]]);
  });
});
