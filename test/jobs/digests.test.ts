import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/model.js';
import { buildManagerDigest, buildRepDigest } from '../../src/core/digests/build.js';
import { digestCron, digestsQueue, syncAllDigests } from '../../src/jobs/digests/schedule.js';
import { readPolicy } from '../../src/core/policy.js';
import { world } from './setup.js';

// Asia/Shanghai. "Today" is 2026-12-01; the evening digest runs at 19:00 local (11:00Z).
const w = await world({ start: '2026-12-01T11:00:00Z' });
const Z = (iso: string) => new Date(iso);
const { db } = w;

let n = 0;
async function lead(ownerId: string, fields: Record<string, unknown>): Promise<string> {
  n++;
  const row = await db.lead.create({
    data: {
      orgId: w.org.id,
      teamId: w.team.id,
      phone: `1390000${String(1000 + n)}`,
      name: `客户${n}`,
      ownerId,
      registeredById: ownerId,
      registeredAt: Z('2026-11-20T02:00:00Z'),
      status: 'following',
      protectionUntil: Z('2026-12-11T02:00:00Z'),
      milestoneDeadline: Z('2026-12-10T02:00:00Z'),
      ...fields,
    },
  });
  // The quota counts registrations from the history (rule 6).
  await db.leadHistory.create({
    data: { leadId: row.id, orgId: w.org.id, ownerId, status: row.status, changeKind: 'register', validFrom: row.registeredAt },
  });
  return row.id;
}

const rep = w.rep.id;
const rep2 = w.rep2.id;
// 王五 (rep)
await lead(rep, { name: '张先生', product: '星河 S7', registeredAt: Z('2026-12-01T01:30:00Z'), source: 'walk_in', firstContactAt: Z('2026-12-01T01:15:00Z'), nextFollowUpAt: Z('2026-12-01T07:00:00Z'), milestoneDeadline: Z('2026-12-03T12:00:00Z') });
await lead(rep, { name: '钱女士', product: '星河 S9', registeredAt: Z('2026-12-01T03:00:00Z'), source: 'phone_in', firstContactAt: Z('2026-12-01T02:30:00Z'), status: 'won', wonAt: Z('2026-12-01T09:00:00Z') });
await lead(rep, { name: '孙先生', source: 'douyin', status: 'lost', lostAt: Z('2026-12-01T06:00:00Z'), lostReason: '价格太高' });
const followed = await lead(rep, { name: '李先生', registeredAt: Z('2026-11-25T02:00:00Z'), lastFollowUpAt: Z('2026-12-01T02:30:00Z'), nextFollowUpAt: Z('2026-12-04T02:00:00Z') });
await db.followUp.create({ data: { leadId: followed, memberId: rep, at: Z('2026-12-01T02:30:00Z'), content: '电话沟通' } });
await lead(rep, { name: '周女士', registeredAt: Z('2026-11-24T02:00:00Z'), nextFollowUpAt: Z('2026-12-02T06:00:00Z'), protectionUntil: Z('2026-12-03T02:00:00Z'), milestoneDeadline: Z('2026-12-20T02:00:00Z') });
// 赵六 (rep2)
await lead(rep2, { name: '吴先生', registeredAt: Z('2026-12-01T05:00:00Z'), source: 'douyin', status: 'new', nextFollowUpAt: Z('2026-12-04T05:00:00Z') });
await lead(rep2, { name: '郑女士', registeredAt: Z('2026-11-28T02:00:00Z'), status: 'lost', lostAt: Z('2026-12-01T08:00:00Z'), lostReason: '价格太高' });
await lead(rep2, { name: '王女士', registeredAt: Z('2026-11-28T02:00:00Z'), source: 'walk_in', firstContactAt: Z('2026-11-28T02:00:00Z'), nextFollowUpAt: Z('2026-12-05T02:00:00Z') });
await lead(rep2, { name: '冯先生', registeredAt: Z('2026-11-27T02:00:00Z'), nextFollowUpAt: Z('2026-11-30T02:00:00Z') });
// A phone-in at 07:30 local: a new lead today, outside the 08–20 traffic slots.
await lead(rep2, { name: '陈先生', registeredAt: Z('2026-11-30T23:30:00Z'), source: 'phone_in', status: 'new', nextFollowUpAt: Z('2026-12-04T02:00:00Z') });

// The showroom's reception records (来店(电)顾客登记表): traffic counts every party, contact or not.
const reception = (receivedById: string, kind: 'walk_in' | 'phone_in', inAt: string, phone: string | null) =>
  db.reception.create({ data: { orgId: w.org.id, teamId: w.team.id, kind, inAt: Z(inAt), receivedById, loggedById: receivedById, loggedAt: Z(inAt), phone, contactLeft: phone !== null } });
await reception(rep, 'walk_in', '2026-12-01T01:15:00Z', '13900001001'); // 张先生, 09:15 local
await reception(rep, 'phone_in', '2026-12-01T02:30:00Z', '13900001002'); // 钱女士, 10:30 local, won at 17:00
await reception(rep2, 'walk_in', '2026-12-01T04:40:00Z', null); // a party that left nothing, 12:40 local

function texts(card: Card): string {
  return JSON.stringify(card);
}

describe('manager evening digest (19:00): the day in numbers', () => {
  it('counts per rep new leads, follow-ups done vs due, overdue, won and lost', async () => {
    const d = await buildManagerDigest(db, w.team.id, w.clock.at, 'day');
    expect(d).not.toBeNull();
    const nums = d!.numbers;
    expect(nums.period.key).toBe('2026-12-01');
    expect(nums.totals).toEqual({ newLeads: 4, followUpsDone: 1, followUpsDue: 3, overdue: 2, won: 1, lost: 2 });
    expect(nums.reps.map((r) => [r.name, r.newLeads, r.followUpsDone, r.followUpsDue, r.overdue, r.won, r.lost])).toEqual([
      ['王五', 2, 1, 2, 1, 1, 1],
      ['赵六', 2, 0, 1, 1, 0, 1],
    ]);
    expect(nums.conversionPct).toBe(25);
    expect(nums.winRatePct).toBe(33.3);
  });

  it('lists won and lost with reasons, source shares, traffic by slot from the receptions and the lost-reason breakdown', async () => {
    const d = (await buildManagerDigest(db, w.team.id, w.clock.at, 'day'))!;
    const nums = d.numbers;
    expect(nums.won.map((l) => [l.name, l.owner])).toEqual([['钱女士', '王五']]);
    expect(nums.lost.map((l) => [l.name, l.owner, l.reason])).toEqual([
      ['孙先生', '王五', '价格太高'],
      ['郑女士', '赵六', '价格太高'],
    ]);
    expect(nums.sources).toEqual([
      { source: 'phone_in', count: 2 },
      { source: 'douyin', count: 1 },
      { source: 'walk_in', count: 1 },
    ]);
    expect(nums.traffic).toEqual({ walkIn: [1, 0, 1, 0, 0, 0], phoneIn: [0, 1, 0, 0, 0, 0] });
    expect(nums.store.totals).toMatchObject({ receptions: 3, contactsLeft: 2, orders: 0 });
    expect(nums.store.captureRatePct).toBe(66.7);
    expect(nums.lostReasons).toEqual([{ reason: '价格太高', count: 2 }]);

    // The card: a chart for the shares (Feishu draws it; WeCom shows it as a table) and tables.
    const chart = d.card.elements.find((e) => e.type === 'chart' && e.title === '新增客户来源占比');
    expect(chart).toMatchObject({ kind: 'pie', data: [{ label: '来电', value: 2 }, { label: '抖音', value: 1 }, { label: '自然到店', value: 1 }] });
    const table = d.card.elements.find((e) => e.type === 'table' && e.columns[0] === '时段');
    expect(table).toMatchObject({
      columns: ['时段', '来店', '留资', '来电', '留资', '订单', '展厅销售'],
      rows: [
        ['08–10', '1', '1', '0', '0', '0', '0'],
        ['10–12', '0', '0', '1', '1', '0', '0'],
        ['12–14', '1', '0', '0', '0', '0', '0'],
        ['14–16', '0', '0', '0', '0', '0', '0'],
        ['16–18', '0', '0', '0', '0', '0', '1'],
        ['18–20', '0', '0', '0', '0', '0', '0'],
        ['合计', '2', '1', '1', '1', '0', '1'],
      ],
    });
    expect(d.card.elements.find((e) => e.type === 'fields' && e.fields[0]?.label === '当月销售总量')).toMatchObject({
      fields: [{ value: '1' }, { label: '展厅销售率', value: '100%' }, { value: '0%' }],
    });
    expect(texts(d.card)).toContain('销售一组 · 日报');
    expect(texts(d.card)).toContain('25%');
  });

  it('goes to each manager directly and to the team group chat, once', async () => {
    await w.jobs.runDigest({ kind: 'manager-day', teamId: w.team.id });
    await w.jobs.runDigest({ kind: 'manager-day', teamId: w.team.id });
    const rows = await db.outboundMessage.findMany({ where: { dedupeKey: { startsWith: `digest-mgr:${w.team.id}:2026-12-01` } }, orderBy: { target: 'asc' } });
    expect(rows.map((r) => r.target)).toEqual(['oc_team', 'ou_mgr']);
  });
});

describe('weekly and monthly roll-ups for managers', () => {
  it('the week ending yesterday, with a day-by-day trend', async () => {
    // Monday 2026-12-07 19:00 local: the week is 11-30 … 12-06.
    const d = (await buildManagerDigest(db, w.team.id, Z('2026-12-07T11:00:00Z'), 'week'))!;
    expect(d.numbers.period.key).toBe('week-2026-12-06');
    expect(d.numbers.totals.newLeads).toBe(4);
    expect(d.numbers.trend).toHaveLength(7);
    expect(d.numbers.trend.map((t) => t.newLeads)).toEqual([0, 4, 0, 0, 0, 0, 0]);
    expect(d.card.elements.find((e) => e.type === 'chart' && e.kind === 'line')).toMatchObject({ title: '每日新增意向客户' });
  });

  it('the month: sent on the 1st, it covers the whole previous month', async () => {
    const d = (await buildManagerDigest(db, w.team.id, Z('2027-01-01T11:00:00Z'), 'month'))!;
    expect(d.numbers.period.key).toBe('month-2026-12');
    expect(d.numbers.trend).toHaveLength(31);
    expect(d.numbers.totals).toMatchObject({ newLeads: 4, won: 1, lost: 2 });
  });
});

describe('rep morning digest (08:30): due today, overdue, at risk, quota used', () => {
  it('counts what 王五 faces on 12-02', async () => {
    const d = (await buildRepDigest(db, rep, Z('2026-12-02T00:30:00Z')))!;
    expect(d.numbers).toMatchObject({ dueToday: 1, overdue: 1, lapseRisk: 1, expiryRisk: 1, openLeads: 3, quota: { used: 1, quota: 20 } });
    expect(d.numbers.lists.dueToday.map((l) => l.name)).toEqual(['周女士']);
    expect(d.numbers.lists.overdue.map((l) => l.name)).toEqual(['张先生']);
    expect(d.numbers.lists.atRisk.map((l) => l.name)).toEqual(['周女士', '张先生']);
    const table = d.card.elements.find((e) => e.type === 'table' && e.columns[1] === '到期');
    expect(table).toMatchObject({ rows: [['周女士', '12月3日 10:00', '保护期到期'], ['张先生', '12月3日 20:00', '到店/量尺截止']] });
    expect(texts(d.card)).toContain('早安，王五');
  });

  it('the scheduled job sends one card per rep with leads, once per day', async () => {
    await w.jobs.runDigest({ kind: 'rep', teamId: w.team.id }, Z('2026-12-02T00:30:00Z'));
    await w.jobs.runDigest({ kind: 'rep', teamId: w.team.id }, Z('2026-12-02T00:31:00Z'));
    const rows = await db.outboundMessage.findMany({ where: { dedupeKey: { startsWith: 'digest-rep:' } }, orderBy: { target: 'asc' } });
    expect(rows.map((r) => [r.target, r.dedupeKey.endsWith(':2026-12-02')])).toEqual([
      ['ou_rep1', true],
      ['ou_rep2', true],
    ]);
  });
});

describe('digest times come from team policy, in the team time zone', () => {
  it('creates one scheduler per digest per team with the policy times, and the org’s group digest', async () => {
    await db.team.update({ where: { id: w.team.id }, data: { policy: { repDigestAt: '08:15', weeklyDigestDay: 5, timeZone: 'Asia/Urumqi' } } });
    const queue = digestsQueue(w.jobs.conn);
    await syncAllDigests(queue, db);
    const schedulers = await queue.getJobSchedulers(0, -1);
    await queue.close();
    const byName = Object.fromEntries(schedulers.map((s) => [s.name, [s.pattern, s.tz]]));
    expect(byName).toEqual({
      rep: ['15 8 * * *', 'Asia/Urumqi'],
      'manager-day': ['0 19 * * *', 'Asia/Urumqi'],
      'manager-week': ['0 19 * * 5', 'Asia/Urumqi'],
      'manager-month': ['0 19 1 * *', 'Asia/Urumqi'],
      // The group digest follows the org: its time (groupDigestAt, default 20:00) and zone.
      group: ['0 20 * * *', 'Asia/Shanghai'],
    });
    expect(digestCron('manager-week', readPolicy({ weeklyDigestDay: 7 }))).toBe('0 19 * * 0');
  });
});
