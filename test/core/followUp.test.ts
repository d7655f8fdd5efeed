import { describe, expect, it } from 'vitest';
import { logFollowUp, markLost, markWon } from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { days, lead, newPhone, plus, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

describe('a follow-up (跟进记录)', () => {
  it('is recorded by phone, moves new → following, and updates level, next follow-up and protection', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const phone = newPhone();
    const t0 = sh('2026-11-20T10:00:00');
    const r = await registered(db, lead(rep, t0, { phone, level: 'B' }));
    const at = sh('2026-11-24T10:00:00');
    const f = await logFollowUp(db, { actorId: rep, lead: { phone }, at, method: 'phone', content: '约周六看样品', level: 'H', progress: 40 }, at);
    expect(f).toMatchObject({
      ok: true,
      statusChanged: true,
      milestoneReached: null,
      lead: { id: r.lead.id, status: 'following', level: 'H', lastFollowUpAt: at, followUpCount: 1, nextFollowUpAt: plus(at, days(1)), protectionUntil: plus(at, days(10)) },
    });
    const stored = await db.followUp.findMany({ where: { leadId: r.lead.id } });
    expect(stored).toMatchObject([{ memberId: rep, at, method: 'phone', content: '约周六看样品', levelAfter: 'H', progress: 40, outcome: 'continuing' }]);
  });

  it("finds the rep's lead by name, and lists the candidates when several of theirs match", async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-20T10:00:00');
    const wang = await registered(db, lead(rep, t0, { name: '王建国' }));
    await registered(db, lead(rep, t0, { name: '李先生' }));
    await registered(db, lead(rep, t0, { name: '李女士' }));
    expect(await logFollowUp(db, { actorId: rep, lead: { name: '王建国' } }, t0)).toMatchObject({ ok: true, lead: { id: wang.lead.id } });
    const amb = await logFollowUp(db, { actorId: rep, lead: { name: '李' } }, t0);
    expect(amb.ok).toBe(false);
    if (!amb.ok && amb.reason === 'ambiguous') expect(amb.candidates.map((c) => c.name).sort()).toEqual(['李先生', '李女士']);
    else expect.fail("expected an ambiguous refusal");
  });

  it("is refused on someone else's lead for a rep, allowed for a manager of the team", async () => {
    const w = await world(db);
    const owner = await w.member('张三');
    const other = await w.member('李四');
    const boss = await w.member('店长', { role: 'manager' });
    const phone = newPhone();
    const r = await registered(db, lead(owner, sh('2026-11-20T10:00:00'), { phone }));
    expect(await logFollowUp(db, { actorId: other, lead: { phone } }, sh('2026-11-21T10:00:00'))).toMatchObject({
      ok: false,
      reason: 'not_yours',
      leadId: r.lead.id,
      owner: { id: owner, name: '张三' },
    });
    expect(await logFollowUp(db, { actorId: other, lead: { name: '王先生' } }, sh('2026-11-21T10:00:00'))).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await logFollowUp(db, { actorId: boss, lead: { phone } }, sh('2026-11-21T10:00:00'))).toMatchObject({ ok: true });
  });

  it('moves to deposit when a deposit is logged, and keeps the first milestone time', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const r = await registered(db, lead(rep, sh('2026-11-20T10:00:00')));
    await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, milestone: 'visit', at: sh('2026-11-21T10:00:00') }, sh('2026-11-21T10:00:00'));
    const f = await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, milestone: 'deposit', at: sh('2026-11-22T10:00:00') }, sh('2026-11-22T10:00:00'));
    expect(f).toMatchObject({ ok: true, lead: { status: 'deposit', milestoneAt: sh('2026-11-21T10:00:00'), milestoneDeadline: null } });
  });

  it('is refused on a lead that is no longer open', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const r = await registered(db, lead(rep, sh('2026-11-20T10:00:00')));
    await markLost(db, { actorId: rep, lead: { leadId: r.lead.id }, reason: '买了别家' }, sh('2026-11-21T10:00:00'));
    expect(await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id } }, sh('2026-11-22T10:00:00'))).toMatchObject({ ok: false, reason: 'not_open', status: 'lost' });
  });
});

describe('won and lost', () => {
  it('won closes every timer', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const r = await registered(db, lead(rep, sh('2026-11-20T10:00:00')));
    const won = await markWon(db, { actorId: rep, lead: { leadId: r.lead.id }, content: '签约两台' }, sh('2026-11-25T10:00:00'));
    expect(won).toMatchObject({
      ok: true,
      lead: { status: 'won', wonAt: sh('2026-11-25T10:00:00'), protectionUntil: null, milestoneDeadline: null, nextFollowUpAt: null },
    });
  });

  it('lost needs a reason, which is kept', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const r = await registered(db, lead(rep, sh('2026-11-20T10:00:00')));
    expect(await markLost(db, { actorId: rep, lead: { leadId: r.lead.id }, reason: '  ' }, sh('2026-11-21T10:00:00'))).toEqual({ ok: false, reason: 'missing_reason' });
    expect(await markLost(db, { actorId: rep, lead: { leadId: r.lead.id }, reason: '价格太高' }, sh('2026-11-21T10:00:00'))).toMatchObject({
      ok: true,
      lead: { status: 'lost', lostReason: '价格太高', lostAt: sh('2026-11-21T10:00:00'), nextFollowUpAt: null },
    });
  });
});
