import { beforeAll, describe, expect, it } from 'vitest';
import { logFollowUp, markLost, markWon } from '../../src/core/leads/index.js';
import { allFigures, type FigureName, figure } from '../../src/core/dashboard/figures.js';
import { listLeads } from '../../src/core/dashboard/lists.js';
import { askQuestion, type Asker, type Question } from '../../src/core/dashboard/question.js';
import { rebuildDashboard, refreshDashboard } from '../../src/core/dashboard/refresh.js';
import { testDb } from '../helpers/db.js';
import { lead, registered, sh, world, type World } from './fixtures.js';

const { db } = await testDb();
const NOW = sh('2026-11-24T18:00:00');

let w: World;
let admin: Asker;
let manager: Asker;
let rep1: Asker;
let rep2: Asker;
let otherTeamRep: Asker;
const ids: Record<string, string> = {};

async function asker(id: string): Promise<Asker> {
  const m = await db.member.findUniqueOrThrow({ where: { id } });
  return { id: m.id, orgId: m.orgId, teamId: m.teamId, role: m.role };
}

async function ask(who: Asker, params: Record<string, string> = {}): Promise<Question> {
  const r = await askQuestion(db, who, { period: 'custom', from: '2026-11-20', to: '2026-11-24', ...params }, NOW);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.question;
}

beforeAll(async () => {
  w = await world(db);
  const team2 = await w.team('二组');
  const a = await w.member('管理员', { role: 'admin' });
  const m = await w.member('张经理', { role: 'manager' });
  const r1 = await w.member('王小明');
  const r2 = await w.member('李娜');
  const r3 = await w.member('赵六', { teamId: team2 });
  admin = await asker(a);
  manager = await asker(m);
  rep1 = await asker(r1);
  rep2 = await asker(r2);
  otherTeamRep = await asker(r3);
  const reg = async (key: string, actor: string, at: string, extra: Parameters<typeof lead>[2]) => {
    ids[key] = (await registered(db, lead(actor, sh(at), extra))).lead.id;
  };
  await reg('a', r1, '2026-11-20T10:15:00', { source: 'douyin', address: '杭州市西湖区文三路', product: '床垫 A1', store: '滨江店' });
  await reg('b', r1, '2026-11-20T14:30:00', { source: 'walk_in', address: '滨江区星光小区', product: '床垫 A1', store: '滨江店' });
  await reg('c', r2, '2026-11-21T09:05:00', { source: 'xiaohongshu', address: '杭州市余杭区良渚', product: '沙发 S2', store: '滨江店', level: 'A' });
  await reg('d', r2, '2026-11-22T11:00:00', { source: 'referral', address: '上海市浦东新区', product: '床垫 A1', store: '西湖店' });
  await reg('e', r3, '2026-11-23T16:45:00', { source: 'douyin', address: '杭州市西湖区', product: '沙发 S2', store: '西湖店' });
  // Outside the period: never counted.
  await reg('old', r1, '2026-11-10T10:00:00', { source: 'douyin' });
  await logFollowUp(db, { actorId: r1, lead: { leadId: ids.a ?? '' }, at: sh('2026-11-21T10:00:00'), content: '电话沟通', milestone: 'visit' }, sh('2026-11-21T10:00:00'));
  await markWon(db, { actorId: r1, lead: { leadId: ids.a ?? '' }, at: sh('2026-11-22T10:00:00') }, sh('2026-11-22T10:00:00'));
  await markLost(db, { actorId: r2, lead: { leadId: ids.d ?? '' }, reason: '价格太高', at: sh('2026-11-23T10:00:00') }, sh('2026-11-23T10:00:00'));
  const first = await refreshDashboard(db);
  expect(first.rebuilt).toBe(true);
});

describe('the seed’s six indicators, for the whole org', () => {
  it('总意向量 per day, split online (抖音, 小红书) and offline', async () => {
    const t = (await figure(db, await ask(admin), 'trend')) as { gran: string; points: { at: string; online: number; offline: number }[] };
    expect(t.gran).toBe('day');
    expect(t.points).toEqual([
      { at: '2026-11-20', online: 1, offline: 1 },
      { at: '2026-11-21', online: 1, offline: 0 },
      { at: '2026-11-22', online: 0, offline: 1 },
      { at: '2026-11-23', online: 1, offline: 0 },
      { at: '2026-11-24', online: 0, offline: 0 },
    ]);
  });

  it('drills a day down to its hours', async () => {
    const t = (await figure(db, await ask(admin, { period: 'custom', from: '2026-11-20', to: '2026-11-20', gran: 'hour' }), 'trend')) as { points: { at: string; online: number; offline: number }[] };
    expect(t.points).toHaveLength(24);
    expect(t.points.find((p) => p.at === '2026-11-20 10')).toEqual({ at: '2026-11-20 10', online: 1, offline: 0 });
    expect(t.points.find((p) => p.at === '2026-11-20 14')).toEqual({ at: '2026-11-20 14', online: 0, offline: 1 });
  });

  it('counts per city and district, products, stores with conversion, channels and teams', async () => {
    const all = await allFigures(db, await ask(admin));
    expect(all.location.cities).toEqual([
      { city: '杭州市', n: 4, districts: [{ district: '西湖区', n: 2 }, { district: '余杭区', n: 1 }, { district: '滨江区', n: 1 }] },
      { city: '上海市', n: 1, districts: [{ district: '浦东新区', n: 1 }] },
    ]);
    expect(all.products.rows.map((r) => [r.key, r.n])).toEqual([['床垫 A1', 3], ['沙发 S2', 2]]);
    expect(all.stores.rows).toEqual([
      { key: '滨江店', n: 3, won: 1, conversionPct: 33.3 },
      { key: '西湖店', n: 2, won: 0, conversionPct: 0 },
    ]);
    expect(all.channels.rows.map((r) => [r.channel, r.n, r.online])).toEqual(expect.arrayContaining([['douyin', 2, true], ['walk_in', 1, false], ['xiaohongshu', 1, true], ['referral', 1, false]]));
    expect([all.channels.online, all.channels.offline]).toEqual([3, 2]);
    expect(all.teams.rows.map((r) => [r.name, r.n, r.sharePct])).toEqual([['一组', 4, 80], ['二组', 1, 20]]);
    // 赵六's and 李娜's lost lead were contacted (the 战败 note is a follow-up); only 王小明's got further.
    expect(all.funnel.steps.map((s) => s.n)).toEqual([5, 2, 1, 1, 1]);
    expect(all.funnel.lost).toEqual([{ reason: '价格太高', n: 1 }]);
    expect(all.summary).toMatchObject({ newLeads: 5, won: 1, conversionPct: 20 });
  });
});

describe('scopes: a rep sees their own leads, a manager the team, admins the org', () => {
  it('the same figures from the org cube and from the facts of each team add up', async () => {
    const org = (await figure(db, await ask(admin), 'channels')) as { online: number; offline: number };
    const team = (await figure(db, await ask(manager), 'channels')) as { online: number; offline: number };
    const other = (await figure(db, await ask(admin, { team: otherTeamRep.teamId ?? '' }), 'channels')) as { online: number; offline: number };
    expect(team.online + other.online).toBe(org.online);
    expect(team.offline + other.offline).toBe(org.offline);
  });

  it('a rep’s figures are their own leads', async () => {
    const s = (await figure(db, await ask(rep2), 'summary')) as { newLeads: number };
    expect(s.newLeads).toBe(2);
    const r = (await figure(db, await ask(rep2), 'reps')) as { rows: { name: string }[] };
    expect(r.rows.map((x) => x.name)).toEqual(['李娜']);
  });

  it('a rep cannot ask for a colleague, a manager cannot ask for another team', async () => {
    expect(await askQuestion(db, rep1, { rep: rep2.id }, NOW)).toEqual({ ok: false, reason: 'out_of_scope' });
    expect(await askQuestion(db, manager, { team: otherTeamRep.teamId ?? '' }, NOW)).toEqual({ ok: false, reason: 'out_of_scope' });
    expect(await askQuestion(db, rep1, { period: 'custom', from: '2026-11-20', to: '2026-11-01' }, NOW)).toEqual({ ok: false, reason: 'bad_range' });
    expect(await askQuestion(db, rep1, { channel: 'carrier-pigeon' }, NOW)).toMatchObject({ ok: false, reason: 'bad_filters' });
  });
});

describe('filters and drill-downs', () => {
  it('one filter reads the cube, two read the facts, and both agree with the lists', async () => {
    const online = (await figure(db, await ask(admin, { online: 'online' }), 'summary')) as { newLeads: number };
    expect(online.newLeads).toBe(3);
    const twoFilters = (await figure(db, await ask(admin, { online: 'online', level: 'A' }), 'summary')) as { newLeads: number };
    expect(twoFilters.newLeads).toBe(1);
    const list = await listLeads(db, admin, await ask(admin, { online: 'online', city: '杭州市', district: '西湖区' }), { limit: 50, offset: 0 });
    expect(list.total).toBe(2);
    expect(list.rows.map((r) => r.phone)).toEqual(list.rows.map((r) => expect.stringMatching(/^139\*\*\*\*\d{4}$/) as unknown as string));
  });

  it('a drill-down is audited with what was asked', async () => {
    await listLeads(db, manager, await ask(manager, { product: '床垫 A1' }), { limit: 50, offset: 0 });
    const row = await db.auditLog.findFirst({ where: { actorId: manager.id, action: 'dashboard_list' }, orderBy: { at: 'desc' } });
    expect(row?.detail).toMatchObject({ scope: 'team', drill: { product: '床垫 A1' }, total: 3 });
  });
});

describe('the rollups follow the leads', () => {
  it('a change is picked up by the next refresh, for that lead only, and equals a rebuild', async () => {
    const before = (await figure(db, await ask(admin), 'funnel')) as { steps: { n: number }[] };
    await markWon(db, { actorId: rep2.id, lead: { leadId: ids.c ?? '' }, at: sh('2026-11-24T10:00:00') }, sh('2026-11-24T10:00:00'));
    const r = await refreshDashboard(db);
    // At least that lead: transaction ids are cluster-wide, so a transaction open elsewhere on the
    // server holds the horizon back and the feed may hand over a lead read before (at least once).
    expect(r.rebuilt).toBe(false);
    expect(r.leads).toBeGreaterThanOrEqual(1);
    expect(r.leads).toBeLessThan(7);
    const after = (await figure(db, await ask(admin), 'funnel')) as { steps: { n: number }[] };
    expect(after.steps.at(-1)?.n).toBe((before.steps.at(-1)?.n ?? 0) + 1);
    const cube = async () => db.$queryRaw<unknown[]>`SELECT "orgId", fkind, fval, dkind, day::text, dval, n, milestone, won FROM "DashCube" WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6`;
    const incremental = await cube();
    await rebuildDashboard(db);
    expect(await cube()).toEqual(incremental);
    // Reading a lead again changes nothing.
    expect((await refreshDashboard(db)).rebuilt).toBe(false);
    expect(await cube()).toEqual(incremental);
  });

  it('a lead deleted outright (an undone registration) leaves the figures', async () => {
    const before = (await figure(db, await ask(admin), 'summary')) as { newLeads: number };
    await db.lead.delete({ where: { id: ids.b ?? '' } });
    await refreshDashboard(db);
    const after = (await figure(db, await ask(admin), 'summary')) as { newLeads: number };
    expect(after.newLeads).toBe(before.newLeads - 1);
    expect(await db.dashLead.count({ where: { leadId: ids.b ?? '' } })).toBe(0);
  });

  it('every figure answers for every scope', async () => {
    const names: FigureName[] = ['summary', 'trend', 'location', 'products', 'stores', 'channels', 'teams', 'funnel', 'reps', 'attention'];
    for (const who of [admin, manager, rep1]) for (const n of names) await expect(figure(db, await ask(who), n)).resolves.toBeDefined();
  });
});
