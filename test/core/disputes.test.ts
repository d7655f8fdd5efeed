import { describe, expect, it } from 'vitest';
import {
  applyForRuling,
  decideDispute,
  expireIfMissedMilestone,
  findDisputesToRemind,
  findStaleApplications,
  getDispute,
  logFollowUp,
  markReminded,
  registerLead,
  requestExtension,
} from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { days, lead, newPhone, plus, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

/** A collision: 张三 registered first, 李四 was refused and applies. */
async function collision(policy = {}) {
  const w = await world(db, policy);
  const owner = await w.member('张三');
  const applicant = await w.member('李四');
  const boss = await w.member('店长', { role: 'manager' });
  const phone = newPhone();
  const t0 = sh('2026-11-20T10:00:00');
  const r = await registered(db, lead(owner, t0, { phone, source: 'douyin' }));
  await logFollowUp(db, { actorId: owner, lead: { leadId: r.lead.id }, milestone: 'visit', at: sh('2026-11-21T15:00:00') }, sh('2026-11-21T15:00:00'));
  const refused = await registerLead(db, lead(applicant, sh('2026-11-22T09:00:00'), { phone, source: 'walk_in' }), sh('2026-11-22T09:00:00'));
  if (refused.ok || refused.reason !== 'owned') throw new Error('setup: expected an owned refusal');
  const now = sh('2026-11-22T09:01:00');
  const applied = await applyForRuling(db, { actorId: applicant, lead: { leadId: refused.leadId }, reason: '客户说是我先接待的', facts: { sentAt: sh('2026-11-22T09:00:00'), source: 'walk_in' } }, now);
  if (!applied.ok) throw new Error(`setup: apply refused ${applied.reason}`);
  return { w, owner, applicant, boss, phone, leadId: r.lead.id, dispute: applied.dispute, applied, now };
}

describe('rule 9: collisions go to a ruling', () => {
  it('an application carries both sides (who, when, source, follow-ups, milestones), masked, for the managers', async () => {
    const { applied, owner, applicant, boss, leadId, w } = await collision();
    expect(applied.managers).toEqual([{ id: boss, name: '店长' }]);
    expect(applied.notify).toEqual([{ memberId: boss, kind: 'ruling_requested', leadId, disputeId: applied.dispute.id }]);
    expect(applied.dispute).toMatchObject({
      kind: 'ownership',
      status: 'pending',
      groupChatId: expect.stringMatching(/^chat-/),
      owner: { id: owner, name: '张三' },
      applicant: { id: applicant, name: '李四' },
      reason: '客户说是我先接待的',
      sides: {
        owner: { registeredAt: sh('2026-11-20T10:00:00'), source: 'douyin', followUpCount: 1, lastFollowUpAt: sh('2026-11-21T15:00:00'), milestones: [{ kind: 'visit', at: sh('2026-11-21T15:00:00') }] },
        applicant: { registeredAt: sh('2026-11-22T09:00:00'), source: 'walk_in', followUpCount: 0, lastFollowUpAt: null, milestones: [] },
      },
      lead: { phoneVisible: false },
    });
    expect(applied.dispute.teamId).toBe(w.teamId);
  });

  it('does not take a second pending application from the same rep for the same lead', async () => {
    const { applicant, leadId, dispute, now } = await collision();
    expect(await applyForRuling(db, { actorId: applicant, lead: { leadId } }, now)).toMatchObject({ ok: false, reason: 'already_pending', disputeId: dispute.id });
  });

  it('refuses an application by the owner, or for a lead nobody owns', async () => {
    const { w, owner, applicant, leadId, now } = await collision();
    expect(await applyForRuling(db, { actorId: owner, lead: { leadId } }, now)).toEqual({ ok: false, reason: 'own_lead', leadId });
    const desk = await w.member('前台');
    const phoneIn = await registered(db, lead(desk, now, { source: 'phone_in' }));
    expect(await applyForRuling(db, { actorId: applicant, lead: { leadId: phoneIn.lead.id } }, now)).toEqual({
      ok: false,
      reason: 'not_owned',
      leadId: phoneIn.lead.id,
      status: 'released',
    });
  });

  it('only a manager of that team can decide: anyone else changes nothing', async () => {
    const { w, applicant, owner, dispute, now, leadId } = await collision();
    const team2 = await w.team('二组');
    const otherBoss = await w.member('二组经理', { role: 'manager', teamId: team2 });
    for (const actorId of [applicant, owner, otherBoss]) {
      expect(await decideDispute(db, { actorId, disputeId: dispute.id, decision: 'transfer' }, now)).toEqual({ ok: false, reason: 'not_manager', teamId: w.teamId });
    }
    expect((await getDispute(db, dispute.id))?.status).toBe('pending');
    expect((await db.lead.findUniqueOrThrow({ where: { id: leadId } })).ownerId).toBe(owner);
  });

  it('transfer gives the lead to the applicant with a fresh protection, on record, and tells both reps', async () => {
    const { boss, applicant, owner, dispute, leadId } = await collision();
    const at = sh('2026-11-23T10:00:00');
    const d = await decideDispute(db, { actorId: boss, disputeId: dispute.id, decision: 'transfer' }, at);
    expect(d).toMatchObject({
      ok: true,
      previousOwnerId: owner,
      newOwnerId: applicant,
      dispute: { status: 'transferred', decidedBy: { id: boss, name: '店长' }, decidedAt: at },
    });
    if (d.ok) expect(new Set(d.notify.map((n) => n.memberId))).toEqual(new Set([applicant, owner]));
    const row = await db.lead.findUniqueOrThrow({ where: { id: leadId } });
    expect(row).toMatchObject({ ownerId: applicant, previousOwnerId: owner, status: 'milestone', protectionUntil: plus(at, days(10)) });
    const history = await db.leadHistory.findMany({ where: { leadId }, orderBy: { validFrom: 'asc' } });
    expect(history.at(-1)).toMatchObject({ changeKind: 'transfer', ownerId: applicant, actorId: boss, validTo: null });
    const audits = await db.auditLog.findMany({ where: { leadId, action: { in: ['ruling', 'transfer'] } } });
    expect(audits.map((a) => a.action).sort()).toEqual(['ruling', 'transfer']);
  });

  it('after a transfer the decided card still shows the former owner’s side as the managers saw it', async () => {
    const { boss, dispute } = await collision();
    const d = await decideDispute(db, { actorId: boss, disputeId: dispute.id, decision: 'transfer' }, sh('2026-11-23T10:00:00'));
    if (!d.ok) throw new Error(`expected the transfer to pass, got ${d.reason}`);
    expect(d.dispute.sides.owner).toMatchObject({ registeredAt: sh('2026-11-20T10:00:00'), source: 'douyin', followUpCount: 1 });
  });

  it('the first decision wins; a second click says who decided and changes nothing', async () => {
    const { w, boss, owner, dispute, leadId } = await collision();
    const boss2 = await w.member('副店长', { role: 'manager' });
    const at = sh('2026-11-23T10:00:00');
    expect(await decideDispute(db, { actorId: boss, disputeId: dispute.id, decision: 'keep' }, at)).toMatchObject({ ok: true, dispute: { status: 'kept' } });
    expect(await decideDispute(db, { actorId: boss2, disputeId: dispute.id, decision: 'transfer' }, plus(at, 1000))).toEqual({
      ok: false,
      reason: 'already_decided',
      decidedBy: { id: boss, name: '店长' },
      decidedAt: at,
      status: 'kept',
    });
    expect((await db.lead.findUniqueOrThrow({ where: { id: leadId } })).ownerId).toBe(owner);
  });

  it('a manager can grant the owner an extension instead', async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const applicant = await w.member('李四');
    const boss = await w.member('店长', { role: 'manager' });
    const phone = newPhone();
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(owner, t0, { phone }));
    const a = await applyForRuling(db, { actorId: applicant, lead: { phone } }, sh('2026-11-14T10:00:00'));
    if (!a.ok) throw new Error(a.reason);
    const d = await decideDispute(db, { actorId: boss, disputeId: a.dispute.id, decision: 'extend', days: 5 }, sh('2026-11-14T11:00:00'));
    expect(d).toMatchObject({ ok: true, dispute: { status: 'extended', extensionDays: 5, extensionTarget: 'milestone' } });
    const row = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    expect(row.milestoneDeadline).toEqual(plus(t0, days(20)));
  });

  it('reminds the managers about an application nobody decided, after the team policy time', async () => {
    const { dispute, now, boss } = await collision({ disputeReminderHours: 2 });
    const notYet = await findDisputesToRemind(db, plus(now, 2 * 3_600_000 - 1));
    expect(notYet.map((s) => s.disputeId)).not.toContain(dispute.id);
    const due = await findDisputesToRemind(db, plus(now, 2 * 3_600_000));
    expect(due.find((s) => s.disputeId === dispute.id)).toMatchObject({ managers: [{ id: boss }], appliedAt: now });
    expect((await findStaleApplications(db, plus(now, 1))).map((s) => s.disputeId)).toContain(dispute.id);
    expect(await markReminded(db, dispute.id, plus(now, 2 * 3_600_000))).toBe(true);
    expect((await findDisputesToRemind(db, plus(now, 3 * 3_600_000))).map((s) => s.disputeId)).not.toContain(dispute.id);
    expect((await findDisputesToRemind(db, plus(now, 4 * 3_600_000))).map((s) => s.disputeId)).toContain(dispute.id);
    await decideDispute(db, { actorId: boss, disputeId: dispute.id, decision: 'refuse' }, plus(now, 5 * 3_600_000));
    expect((await findDisputesToRemind(db, plus(now, 9 * 3_600_000))).map((s) => s.disputeId)).not.toContain(dispute.id);
    expect(await markReminded(db, dispute.id, plus(now, 9 * 3_600_000))).toBe(false);
  });
});

describe('rule 5 extensions: an owner asks for more time, a manager decides', () => {
  it('an approved extension moves the milestone deadline, so the lead does not expire on the old one', async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const boss = await w.member('店长', { role: 'manager' });
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(owner, t0));
    const req = await requestExtension(db, { actorId: owner, lead: { leadId: r.lead.id }, reason: '客户出差' }, sh('2026-11-13T10:00:00'));
    expect(req).toMatchObject({ ok: true, dispute: { kind: 'extension', extensionDays: 7, extensionTarget: 'milestone' }, notify: [{ memberId: boss, kind: 'extension_requested' }] });
    if (!req.ok) return;
    expect(await requestExtension(db, { actorId: owner, lead: { leadId: r.lead.id } }, sh('2026-11-13T10:05:00'))).toMatchObject({ ok: false, reason: 'already_pending' });
    expect(await decideDispute(db, { actorId: boss, disputeId: req.dispute.id, decision: 'transfer' }, sh('2026-11-13T11:00:00'))).toMatchObject({ ok: false, reason: 'invalid_decision' });
    expect(await decideDispute(db, { actorId: boss, disputeId: req.dispute.id, decision: 'extend' }, sh('2026-11-13T11:00:00'))).toMatchObject({ ok: true });
    expect(await expireIfMissedMilestone(db, r.lead.id, plus(t0, days(15)))).toMatchObject({ changed: false, reason: 'not_due' });
    expect(await expireIfMissedMilestone(db, r.lead.id, plus(t0, days(22)))).toMatchObject({ changed: true, status: 'expired' });
  });

  it('a refused extension changes nothing', async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const boss = await w.member('店长', { role: 'manager' });
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(owner, t0));
    const req = await requestExtension(db, { actorId: owner, lead: { leadId: r.lead.id }, target: 'protection', days: 3 }, sh('2026-11-09T10:00:00'));
    if (!req.ok) throw new Error(req.reason);
    expect(await decideDispute(db, { actorId: boss, disputeId: req.dispute.id, decision: 'refuse' }, sh('2026-11-09T11:00:00'))).toMatchObject({ ok: true, dispute: { status: 'refused' } });
    expect((await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } })).protectionUntil).toEqual(plus(t0, days(10)));
  });
});
