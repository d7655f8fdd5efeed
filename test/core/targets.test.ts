import { describe, expect, it } from 'vitest';
import { logFollowUp, markWon } from '../../src/core/leads/index.js';
import { logReception } from '../../src/core/receptions/index.js';
import { elapsedFraction, monthFromWords, setTarget, targetProgress } from '../../src/core/targets/index.js';
import { testDb } from '../helpers/db.js';
import { lead, registered, sh, world } from './fixtures.js';

const { db } = await testDb();
const SH = 'Asia/Shanghai';

describe('targets: set monthly per rep and per team by the team’s managers', () => {
  it('a manager sets a rep’s and the team’s target; only the measures given change', async () => {
    const w = await world(db);
    const boss = await w.member('张经理', { role: 'manager' });
    const rep = await w.member('李娜');
    const now = sh('2026-11-24T10:00:00');
    expect(await setTarget(db, { actorId: boss, memberId: rep, month: '2026-12', values: { newLeads: 30, wins: 5 } }, now)).toMatchObject({
      ok: true,
      target: { teamId: w.teamId, member: { id: rep, name: '李娜' }, month: '2026-12', values: { newLeads: 30, receptions: null, deposits: null, wins: 5 } },
    });
    expect(await setTarget(db, { actorId: boss, memberId: rep, month: '2026-12', values: { wins: 6, deposits: 8 } }, now)).toMatchObject({
      ok: true,
      target: { values: { newLeads: 30, deposits: 8, wins: 6 } },
    });
    expect(await setTarget(db, { actorId: boss, memberId: null, month: '2026-12', values: { newLeads: 150 } }, now)).toMatchObject({ ok: true, target: { member: null, values: { newLeads: 150 } } });
    expect(await db.auditLog.count({ where: { actorId: boss, action: 'target' } })).toBe(3);
  });

  it('refuses a rep, another team’s manager, a bad month, a negative value and an empty change', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const otherBoss = await w.member('外店经理', { role: 'manager', teamId: await w.team('二店') });
    const group = await w.member('运营王经理', { role: 'group_manager', teamId: null });
    const now = sh('2026-11-24T10:00:00');
    expect(await setTarget(db, { actorId: rep, memberId: rep, month: '2026-12', values: { wins: 50 } }, now)).toEqual({ ok: false, reason: 'not_allowed' });
    expect(await setTarget(db, { actorId: otherBoss, memberId: rep, month: '2026-12', values: { wins: 5 } }, now)).toEqual({ ok: false, reason: 'not_allowed' });
    expect(await setTarget(db, { actorId: group, memberId: rep, month: '2026-12', values: { wins: 5 } }, now)).toMatchObject({ ok: true });
    expect(await setTarget(db, { actorId: group, memberId: null, month: '2026-12', values: { wins: 5 } }, now)).toEqual({ ok: false, reason: 'no_team' });
    expect(await setTarget(db, { actorId: group, teamId: w.teamId, memberId: null, month: '2026-13', values: { wins: 5 } }, now)).toEqual({ ok: false, reason: 'bad_month', month: '2026-13' });
    expect(await setTarget(db, { actorId: group, teamId: w.teamId, memberId: null, month: '2026-12', values: { wins: -1 } }, now)).toEqual({ ok: false, reason: 'bad_value', measure: 'wins', value: -1 });
    expect(await setTarget(db, { actorId: group, teamId: w.teamId, memberId: null, month: '2026-12', values: {} }, now)).toEqual({ ok: false, reason: 'nothing_to_set' });
  });
});

describe('months as managers name them, and the pace', () => {
  const now = sh('2026-11-24T10:00:00');
  it('reads 12月, 1月 (next year, as November is past it), 本月, 下个月, 2027年3月', () => {
    expect(['12月', '1月', '本月', '下个月', '2027年3月', '2026-11', '13月'].map((m) => monthFromWords(m, now, SH))).toEqual(['2026-12', '2027-01', '2026-11', '2026-12', '2027-03', '2026-11', null]);
  });
  it('on the 15th of a 30-day month half of it is gone; none before it, all after', () => {
    expect(elapsedFraction('2026-11', sh('2026-11-15T19:00:00'), SH)).toBe(0.5);
    expect(elapsedFraction('2026-12', sh('2026-11-30T23:00:00'), SH)).toBe(0);
    expect(elapsedFraction('2026-11', sh('2026-12-01T00:00:00'), SH)).toBe(1);
  });
});

describe('progress against targets, pace-adjusted', () => {
  it('counts new leads, receptions, deposits and wins of the month for the rep and the team', async () => {
    const w = await world(db);
    const boss = await w.member('张经理', { role: 'manager' });
    const rep = await w.member('李娜');
    const other = await w.member('王小明');
    const t0 = sh('2026-11-24T10:00:00');
    await setTarget(db, { actorId: boss, memberId: rep, month: '2026-12', values: { newLeads: 30, receptions: 20, deposits: 6, wins: 5 } }, t0);
    await setTarget(db, { actorId: boss, memberId: other, month: '2026-12', values: { newLeads: 10, wins: 1 } }, t0);

    const a = await registered(db, lead(rep, sh('2026-12-02T10:00:00')));
    const b = await registered(db, lead(rep, sh('2026-12-03T10:00:00')));
    await registered(db, lead(other, sh('2026-12-03T11:00:00')));
    await registered(db, lead(rep, sh('2026-11-30T10:00:00'))); // November: not this month's
    await logFollowUp(db, { actorId: rep, lead: { leadId: a.lead.id }, milestone: 'deposit' }, sh('2026-12-05T10:00:00'));
    await markWon(db, { actorId: rep, lead: { leadId: b.lead.id } }, sh('2026-12-10T10:00:00'));
    for (const at of ['2026-12-04T10:00:00', '2026-12-06T15:00:00', '2026-12-07T11:00:00']) await logReception(db, { actorId: rep, sentAt: sh(at), kind: 'walk_in' }, sh(at));

    const p = (await targetProgress(db, [{ id: w.teamId, timeZone: SH }], sh('2026-12-15T19:00:00'))).get(w.teamId);
    expect(p).toMatchObject({ month: '2026-12', teamTargetFrom: 'reps' });
    expect(p?.elapsed).toBeCloseTo(15 / 31, 6);
    const li = p?.reps.find((r) => r.member.id === rep)?.measures;
    expect(li?.map((m) => [m.measure, m.target, m.actual, m.pct])).toEqual([
      ['newLeads', 30, 2, 6.7],
      ['receptions', 20, 3, 15],
      ['deposits', 6, 1, 16.7],
      ['wins', 5, 1, 20],
    ]);
    expect(li?.[3]).toMatchObject({ expected: 2.4, pacePct: 41.7 });
    // No team target: the team is held to the sum of its reps' targets.
    expect(p?.team.map((m) => [m.measure, m.target, m.actual])).toEqual([
      ['newLeads', 40, 3],
      ['receptions', 20, 3],
      ['deposits', 6, 1],
      ['wins', 6, 1],
    ]);
    await setTarget(db, { actorId: boss, memberId: null, month: '2026-12', values: { wins: 10 } }, t0);
    const q = (await targetProgress(db, [{ id: w.teamId, timeZone: SH }], sh('2026-12-15T19:00:00'))).get(w.teamId);
    expect(q).toMatchObject({ teamTargetFrom: 'team' });
    expect(q?.team.map((m) => m.target)).toEqual([40, 20, 6, 10]);
  });
});
