import { describe, expect, it } from 'vitest';
import {
  expireIfMissedMilestone,
  findDeadlineWarnings,
  findDueFollowUps,
  findDueForExpiry,
  findDueForRelease,
  logFollowUp,
  releaseIfLapsed,
} from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { days, lead, plus, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

describe('rule 3: follow up every 3 days (shorter cadence by intent level)', () => {
  it('is due 3 days after registration by default', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-24T10:00:00');
    const r = await registered(db, lead(rep, t0));
    expect(r.lead.nextFollowUpAt).toEqual(sh('2026-11-27T10:00:00'));
  });

  it('is due the next day for an H lead, and never later than the team interval for a C lead', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-24T10:00:00');
    expect((await registered(db, lead(rep, t0, { level: 'H' }))).lead.nextFollowUpAt).toEqual(sh('2026-11-25T10:00:00'));
    expect((await registered(db, lead(rep, t0, { level: 'C' }))).lead.nextFollowUpAt).toEqual(sh('2026-11-27T10:00:00'));
  });

  it('takes the level cadence of a team with a longer interval', async () => {
    const w = await world(db, { followUpIntervalDays: 30 });
    const rep = await w.member('张三');
    const r = await registered(db, lead(rep, sh('2026-11-24T10:00:00'), { level: 'B' }));
    expect(r.lead.nextFollowUpAt).toEqual(sh('2026-12-01T10:00:00'));
  });

  it("uses the rep's own next-contact date when given, and lists the lead as due once it passes", async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-24T10:00:00');
    const r = await registered(db, lead(rep, t0, { nextFollowUpAt: sh('2026-11-26T15:00:00') }));
    expect(r.lead.nextFollowUpAt).toEqual(sh('2026-11-26T15:00:00'));
    const before = await findDueFollowUps(db, sh('2026-11-26T14:59:00'));
    expect(before.map((d) => d.leadId)).not.toContain(r.lead.id);
    const due = await findDueFollowUps(db, sh('2026-11-26T15:00:00'));
    expect(due).toContainEqual({ leadId: r.lead.id, orgId: w.orgId, teamId: w.teamId, ownerId: rep, nextFollowUpAt: sh('2026-11-26T15:00:00') });
  });
});

describe('rule 4: protection lapses after 10 days without a follow-up', () => {
  it('releases the lead to the pool at exactly 10 days, not a moment before', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t0));
    expect(r.lead.protectionUntil).toEqual(plus(t0, days(10)));
    expect(await releaseIfLapsed(db, r.lead.id, plus(t0, days(10) - 1))).toEqual({ changed: false, leadId: r.lead.id, reason: 'not_due' });
    expect(await findDueForRelease(db, plus(t0, days(10) - 1))).not.toContain(r.lead.id);
    expect(await findDueForRelease(db, plus(t0, days(10)))).toContain(r.lead.id);
    const released = await releaseIfLapsed(db, r.lead.id, plus(t0, days(10)));
    expect(released).toEqual({
      changed: true,
      leadId: r.lead.id,
      status: 'released',
      previousOwnerId: rep,
      notify: [{ memberId: rep, kind: 'released', leadId: r.lead.id }],
    });
    const row = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    expect(row).toMatchObject({ status: 'released', ownerId: null, previousOwnerId: rep, releaseReason: 'lapse', releasedAt: plus(t0, days(10)) });
    // A second sweep finds nothing to do.
    expect(await releaseIfLapsed(db, r.lead.id, plus(t0, days(11)))).toMatchObject({ changed: false, reason: 'not_open' });
  });

  it('is renewed by a follow-up, so a sweep that picked the lead up earlier changes nothing', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t0));
    const due = await findDueForRelease(db, plus(t0, days(10)));
    expect(due).toContain(r.lead.id);
    await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, at: plus(t0, days(9)), content: '电话沟通' }, plus(t0, days(10)));
    expect(await releaseIfLapsed(db, r.lead.id, plus(t0, days(10)))).toMatchObject({ changed: false, reason: 'not_due' });
    const row = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    expect(row.protectionUntil).toEqual(plus(t0, days(19)));
  });

  it('warns the owner 1 day before', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t0, { level: 'C' }));
    await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, milestone: 'visit', at: t0 }, t0);
    const lapseAt = plus(t0, days(10));
    const early = await findDeadlineWarnings(db, plus(lapseAt, -days(1) - 1));
    expect(early.filter((x) => x.leadId === r.lead.id)).toEqual([]);
    const warnings = await findDeadlineWarnings(db, plus(lapseAt, -days(1)));
    expect(warnings.filter((x) => x.leadId === r.lead.id)).toEqual([
      { leadId: r.lead.id, orgId: w.orgId, teamId: w.teamId, ownerId: rep, kind: 'lapse', deadline: lapseAt, warnAt: plus(lapseAt, -days(1)) },
    ]);
  });

  it('follows the team policy', async () => {
    const w = await world(db, { protectionLapseDays: 5 });
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t0));
    expect(await releaseIfLapsed(db, r.lead.id, plus(t0, days(5)))).toMatchObject({ changed: true });
  });
});

describe('rule 5: a visit or deposit within 15 days of registration', () => {
  it('expires the registration to the pool when no milestone is logged by the deadline', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t0));
    // Keep protection alive with plain follow-ups; only the milestone is missing.
    for (const d of [4, 8, 12]) await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, at: plus(t0, days(d)) }, plus(t0, days(d)));
    const deadline = plus(t0, days(15));
    expect(r.lead.milestoneDeadline).toEqual(deadline);
    expect(await expireIfMissedMilestone(db, r.lead.id, plus(deadline, -1))).toMatchObject({ changed: false, reason: 'not_due' });
    expect(await findDueForExpiry(db, deadline)).toContain(r.lead.id);
    expect(await expireIfMissedMilestone(db, r.lead.id, deadline)).toMatchObject({ changed: true, status: 'expired', previousOwnerId: rep });
    const row = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    expect(row).toMatchObject({ status: 'expired', ownerId: null, releaseReason: 'milestone_missed' });
  });

  it('is met for good by a logged visit (the deadline is cleared)', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t0));
    const f = await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, milestone: 'visit', method: 'visit', at: plus(t0, days(3)) }, plus(t0, days(3)));
    expect(f).toMatchObject({ ok: true, milestoneReached: 'visit', lead: { status: 'milestone', milestoneDeadline: null, milestoneAt: plus(t0, days(3)) } });
    expect(await expireIfMissedMilestone(db, r.lead.id, plus(t0, days(15)))).toMatchObject({ changed: false, reason: 'not_due' });
    expect(await findDueForExpiry(db, plus(t0, days(30)))).not.toContain(r.lead.id);
  });

  it('warns 2 days before', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t0));
    await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, at: plus(t0, days(12)) }, plus(t0, days(12)));
    const warnings = await findDeadlineWarnings(db, plus(t0, days(13)));
    expect(warnings.filter((x) => x.leadId === r.lead.id)).toEqual([
      { leadId: r.lead.id, orgId: w.orgId, teamId: w.teamId, ownerId: rep, kind: 'milestone', deadline: plus(t0, days(15)), warnAt: plus(t0, days(13)) },
    ]);
  });
});
