import { describe, expect, it } from 'vitest';
import { backfillCare, findCareDue, logCare, markCareReminded } from '../../src/core/care/index.js';
import { markLost, markWon, quotaStatus } from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { lead, newPhone, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

async function care(leadId: string) {
  return db.customerCare.findUnique({ where: { leadId } });
}

describe('care after the sale (客户管理卡): the first 回访 within working days of the purchase, then monthly', () => {
  it('a Friday sale is first due on Monday at the reminder time, with the owner reminded', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const r = await registered(db, lead(rep, sh('2026-11-20T10:00:00')));
    const wonAt = sh('2026-12-04T16:00:00'); // a Friday
    expect(await markWon(db, { actorId: rep, lead: { leadId: r.lead.id }, at: wonAt }, wonAt)).toMatchObject({ ok: true });
    expect(await care(r.lead.id)).toMatchObject({ kind: 'care', memberId: rep, since: wonAt, dueAt: sh('2026-12-07T09:00:00'), contacts: 0, remindedAt: null });
  });

  it('a 回访 is kept like a follow-up and moves the next one a cadence on; the lead, its owner and the quota stay as they were', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const r = await registered(db, lead(rep, sh('2026-12-01T10:00:00')));
    const wonAt = sh('2026-12-02T10:00:00');
    await markWon(db, { actorId: rep, lead: { leadId: r.lead.id }, at: wonAt }, wonAt);
    const before = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    const quotaBefore = await quotaStatus(db, rep, wonAt);
    const at = sh('2026-12-03T11:00:00');
    const c = await logCare(db, { actorId: rep, lead: { name: '王先生' }, at, method: 'phone', content: '交车后电话回访 很满意' }, at);
    expect(c).toMatchObject({ ok: true, lead: { id: r.lead.id, status: 'won' }, care: { kind: 'care', contacts: 1, lastContactAt: at, dueAt: sh('2027-01-02T09:00:00'), member: { id: rep } } });
    expect(await db.careContact.findMany({ where: { leadId: r.lead.id } })).toMatchObject([{ memberId: rep, kind: 'care', at, method: 'phone', content: '交车后电话回访 很满意' }]);
    const after = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    expect(await quotaStatus(db, rep, at)).toEqual(quotaBefore);
    expect(await db.followUp.count({ where: { leadId: r.lead.id } })).toBe(1); // only the won entry
  });

  it('a lost customer is won back quarterly', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const r = await registered(db, lead(rep, sh('2026-12-01T10:00:00')));
    const lostAt = sh('2026-12-02T15:00:00');
    await markLost(db, { actorId: rep, lead: { leadId: r.lead.id }, reason: '买了别家', at: lostAt }, lostAt);
    expect(await care(r.lead.id)).toMatchObject({ kind: 'win_back', dueAt: sh('2027-03-02T09:00:00') });
    const at = sh('2027-03-02T10:00:00');
    expect(await logCare(db, { actorId: rep, lead: { leadId: r.lead.id }, at, content: '问问近况' }, at)).toMatchObject({ ok: true, care: { kind: 'win_back', dueAt: sh('2027-05-31T09:00:00') } });
  });

  it('follows the team’s cadence values, and a cadence of 0 keeps none', async () => {
    const w = await world(db, { careFirstWorkingDays: 3, careCadenceDays: 7, winBackCadenceDays: 0, dueReminderAt: '10:30', workingDays: [1, 2, 3, 4, 5, 6] });
    const rep = await w.member('李娜');
    const a = await registered(db, lead(rep, sh('2026-12-01T10:00:00')));
    const b = await registered(db, lead(rep, sh('2026-12-01T10:00:00')));
    await markWon(db, { actorId: rep, lead: { leadId: a.lead.id }, at: sh('2026-12-04T16:00:00') }, sh('2026-12-04T16:00:00'));
    await markLost(db, { actorId: rep, lead: { leadId: b.lead.id }, reason: '预算不够' }, sh('2026-12-04T16:00:00'));
    expect((await care(a.lead.id))?.dueAt).toEqual(sh('2026-12-08T10:30:00')); // Sat, Mon, Tue
    expect(await care(b.lead.id)).toBeNull();
  });

  it('is refused for an open lead (that is a follow-up) and for a rep who does not own the customer', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const other = await w.member('王小明');
    const open = await registered(db, lead(rep, sh('2026-12-01T10:00:00')));
    const at = sh('2026-12-02T10:00:00');
    expect(await logCare(db, { actorId: rep, lead: { leadId: open.lead.id } }, at)).toEqual({ ok: false, reason: 'still_open', leadId: open.lead.id });
    await markWon(db, { actorId: rep, lead: { leadId: open.lead.id } }, at);
    expect(await logCare(db, { actorId: other, lead: { leadId: open.lead.id } }, at)).toMatchObject({ ok: false, reason: 'not_yours', owner: { id: rep } });
  });
});

describe('due care and win-back contacts, for the reminders', () => {
  it('are found from their due moment, reminded once, and dropped when the customer moved on', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const won = await registered(db, lead(rep, sh('2026-12-01T10:00:00')));
    const phone = newPhone();
    const lost = await registered(db, lead(rep, sh('2026-12-01T10:00:00'), { phone }));
    await markWon(db, { actorId: rep, lead: { leadId: won.lead.id } }, sh('2026-12-01T12:00:00'));
    await markLost(db, { actorId: rep, lead: { leadId: lost.lead.id }, reason: '不买了' }, sh('2026-12-01T12:00:00'));
    const mine = async (at: Date) => (await findCareDue(db, at)).filter((d) => d.orgId === w.orgId).map((d) => [d.kind, d.name, d.member.id]);

    expect(await mine(sh('2026-12-02T08:59:00'))).toEqual([]);
    expect(await mine(sh('2026-12-02T09:00:00'))).toEqual([['care', '王先生', rep]]);
    expect(await markCareReminded(db, won.lead.id, sh('2026-12-02T09:00:00'), sh('2026-12-02T09:00:00'))).toBe(true);
    expect(await markCareReminded(db, won.lead.id, sh('2026-12-02T09:00:00'), sh('2026-12-02T09:00:00'))).toBe(false);
    expect(await mine(sh('2026-12-03T09:00:00'))).toEqual([]);

    // The lost customer is registered again before the win-back is due: that cadence is over.
    const other = await w.member('赵强');
    await registered(db, lead(other, sh('2026-12-05T10:00:00'), { phone }));
    expect(await mine(sh('2027-03-02T09:00:00'))).toEqual([]);
    expect(await care(lost.lead.id)).toBeNull();
  });

  it('a customer won before care existed gets a cadence from the backfill, due next on it and not in the past', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const old = await db.lead.create({
      data: { orgId: w.orgId, teamId: w.teamId, phone: newPhone(), name: '老客户', registeredAt: sh('2026-06-01T10:00:00'), status: 'won', wonAt: sh('2026-06-05T10:00:00'), ownerId: rep },
    });
    const now = sh('2026-12-01T12:00:00');
    expect(await backfillCare(db, now)).toBeGreaterThanOrEqual(1);
    // First 回访 06-08 09:00, then every 30 days: …, 11-05, 12-05.
    expect(await care(old.id)).toMatchObject({ kind: 'care', memberId: rep, since: sh('2026-06-05T10:00:00'), dueAt: sh('2026-12-05T09:00:00') });
    expect(await backfillCare(db, now)).toBe(0);
  });
});
