import { describe, expect, it } from 'vitest';
import { applyForRuling, claimFromPool, decideDispute, registerLead, releaseIfLapsed } from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { days, lead, newPhone, plus, registered, sh, world } from './fixtures.js';

// Enough connections that fifty transactions really do run at the same time.
const { db } = await testDb(60);

describe('first report is race-free', () => {
  it('fifty reps registering one phone at once: exactly one owner, forty-nine clear refusals, no error', async () => {
    const w = await world(db);
    const reps = await Promise.all(Array.from({ length: 50 }, (_, i) => w.member(`销售${i}`)));
    const phone = newPhone();
    const base = sh('2026-11-24T10:00:00');
    // All sent in the same instant: whoever's transaction runs first owns it.
    const results = await Promise.all(reps.map((rep) => registerLead(db, lead(rep, base, { phone }), plus(base, 1000))));

    const winners = results.filter((r) => r.ok);
    const refusals = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(refusals).toHaveLength(49);
    const [winner] = winners;
    if (!winner?.ok) throw new Error('no winner');
    for (const r of refusals) {
      expect(r).toEqual({
        ok: false,
        reason: 'owned',
        owner: winner.lead.owner,
        since: winner.lead.registeredAt,
        maskedPhone: winner.lead.maskedPhone,
        leadId: winner.lead.id,
        status: 'new',
      });
    }
    expect(await db.lead.count({ where: { orgId: w.orgId, phone } })).toBe(1);
    expect(await db.leadHistory.count({ where: { leadId: winner.lead.id } })).toBe(1);
  });

  it('fifty reports sent one millisecond apart but processed at once end with the earliest sender as the one owner', async () => {
    const w = await world(db);
    const reps = await Promise.all(Array.from({ length: 50 }, (_, i) => w.member(`销售${i}`)));
    const phone = newPhone();
    const base = sh('2026-11-24T10:00:00');
    const results = await Promise.all(reps.map((rep, i) => registerLead(db, lead(rep, plus(base, i), { phone }), plus(base, 1000))));
    expect(results.every((r) => r.ok || r.reason === 'owned')).toBe(true);
    const row = await db.lead.findFirstOrThrow({ where: { orgId: w.orgId, phone } });
    expect(row).toMatchObject({ ownerId: reps[0], registeredAt: base });
    // Whoever held it for a moment was told they lost it to an earlier message.
    const displaced = results.flatMap((r) => (r.ok && r.displaced ? [r.displaced.id] : []));
    const heldForAMoment = results.flatMap((r, i) => (r.ok && reps[i] !== reps[0] ? [reps[i]] : []));
    expect(new Set(displaced)).toEqual(new Set(heldForAMoment));
    expect(await db.leadHistory.findMany({ where: { leadId: row.id } })).toMatchObject([{ changeKind: 'register', ownerId: reps[0], validTo: null }]);
  });

  it('one rep firing registrations of different phones at once never goes past the quota', async () => {
    const w = await world(db, { monthlyQuota: 5 });
    const rep = await w.member('张三');
    const t = sh('2026-11-24T10:00:00');
    const results = await Promise.all(Array.from({ length: 12 }, () => registerLead(db, lead(rep, t), t)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'quota')).toBe(true);
  });
});

describe('pool claims are race-free', () => {
  it('two reps claiming one pool lead at once: one wins, the other is told it is taken', async () => {
    const w = await world(db);
    const seller = await w.member('离职');
    const a = await w.member('张三');
    const b = await w.member('李四');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(seller, t0));
    await releaseIfLapsed(db, r.lead.id, plus(t0, days(10)));
    const now = sh('2026-11-15T10:00:00');
    const [ra, rb] = await Promise.all([claimFromPool(db, { actorId: a, leadId: r.lead.id }, now), claimFromPool(db, { actorId: b, leadId: r.lead.id }, now)]);
    const results = [ra, rb];
    const won = results.filter((x) => x?.ok);
    const lost = results.filter((x) => x && !x.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0];
    if (!winner?.ok) throw new Error('no winner');
    expect(lost[0]).toEqual({ ok: false, reason: 'taken', leadId: r.lead.id, owner: winner.lead.owner, status: 'new' });
    expect(await db.leadHistory.count({ where: { leadId: r.lead.id, changeKind: 'claim' } })).toBe(1);
  });

  it('one rep claiming many leads at once stays within the daily limit', async () => {
    const w = await world(db, { poolClaimsPerDay: 3 });
    const seller = await w.member('离职');
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await registered(db, lead(seller, t0));
      await releaseIfLapsed(db, r.lead.id, plus(t0, days(10)));
      ids.push(r.lead.id);
    }
    const now = sh('2026-11-15T10:00:00');
    const results = await Promise.all(ids.map((leadId) => claimFromPool(db, { actorId: rep, leadId }, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.reason === 'claim_limit')).toHaveLength(5);
  });
});

describe('rulings are race-free', () => {
  it('two managers deciding at once: one decision wins, the other is told who decided', async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const applicant = await w.member('李四');
    const boss1 = await w.member('店长', { role: 'manager' });
    const boss2 = await w.member('副店长', { role: 'manager' });
    const phone = newPhone();
    const t = sh('2026-11-20T10:00:00');
    const r = await registered(db, lead(owner, t, { phone }));
    const a = await applyForRuling(db, { actorId: applicant, lead: { phone } }, t);
    if (!a.ok) throw new Error(a.reason);
    const now = sh('2026-11-21T10:00:00');
    const results = await Promise.all([
      decideDispute(db, { actorId: boss1, disputeId: a.dispute.id, decision: 'transfer' }, now),
      decideDispute(db, { actorId: boss2, disputeId: a.dispute.id, decision: 'keep' }, now),
      decideDispute(db, { actorId: boss1, disputeId: a.dispute.id, decision: 'transfer' }, now),
    ]);
    const won = results.filter((x) => x.ok);
    expect(won).toHaveLength(1);
    const winner = won[0];
    if (!winner?.ok) throw new Error('no winner');
    for (const x of results.filter((y) => !y.ok)) {
      expect(x).toEqual({ ok: false, reason: 'already_decided', decidedBy: winner.dispute.decidedBy, decidedAt: now, status: winner.dispute.status });
    }
    const row = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    expect(row.ownerId).toBe(winner.dispute.status === 'transferred' ? applicant : owner);
    expect(await db.auditLog.count({ where: { leadId: r.lead.id, action: 'ruling' } })).toBe(1);
  });

  it('a double-tapped application creates one application', async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const applicant = await w.member('李四');
    const phone = newPhone();
    const t = sh('2026-11-20T10:00:00');
    await registered(db, lead(owner, t, { phone }));
    const results = await Promise.all([1, 2, 3].map(() => applyForRuling(db, { actorId: applicant, lead: { phone } }, t)));
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.ok && x.reason === 'already_pending')).toHaveLength(2);
  });
});
