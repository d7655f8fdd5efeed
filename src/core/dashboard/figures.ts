import { addDays, format, startOfMonth, startOfWeek } from 'date-fns';
import type { Db } from '../../db/client.js';
import { isChannel } from './channels.js';
import { counts, followCounts, type Count } from './counts.js';
import { factWhere, LAPSING_MS, ts, type Question } from './question.js';

/**
 * The 看板's figures: filters in (a Question), numbers out, no wording (labels live in
 * cards/pages/dashboard.json). The page's API serves each figure on its own; an export
 * calls `allFigures` for its 看板 sheet. Every figure is about the leads registered in the
 * period (a cohort): how many, from where, how far they got by now.
 */
const pct = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 1000) / 10);
const sum = (rows: readonly { n: number }[]) => rows.reduce((a, r) => a + r.n, 0);
const byN = <T extends { n: number }>(a: T, b: T) => b.n - a.n;

export interface TrendPoint {
  /** 2026-11-20 (day), 2026-11-20 10 (hour), the Monday of a week, 2026-11 (month). */
  at: string;
  online: number;
  offline: number;
}

/** 总意向量: new leads per bucket, split online / offline. */
export async function trend(db: Db, q: Question): Promise<{ gran: Question['period']['gran']; points: TrendPoint[] }> {
  const gran = q.period.gran;
  const rows = await counts(db, q, gran === 'hour' ? 'hour' : 'channel', true);
  const points = new Map<string, TrendPoint>();
  const bucket = (dayStr: string, hour?: string): string => {
    const d = new Date(`${dayStr}T00:00:00`);
    if (gran === 'hour') return `${dayStr} ${String(hour).padStart(2, '0')}`;
    if (gran === 'week') return format(startOfWeek(d, { weekStartsOn: 1 }), 'yyyy-MM-dd');
    if (gran === 'month') return format(startOfMonth(d), 'yyyy-MM');
    return dayStr;
  };
  // Every bucket of the period, so a quiet day reads 0 rather than missing.
  for (let d = new Date(`${q.period.from}T00:00:00`); format(d, 'yyyy-MM-dd') <= q.period.to; d = addDays(d, 1)) {
    const dayStr = format(d, 'yyyy-MM-dd');
    if (gran === 'hour') for (let h = 0; h < 24; h++) points.set(bucket(dayStr, String(h)), { at: bucket(dayStr, String(h)), online: 0, offline: 0 });
    else points.set(bucket(dayStr), { at: bucket(dayStr), online: 0, offline: 0 });
  }
  for (const r of rows) {
    const [hour, channel] = gran === 'hour' ? r.dval.split('|') : [undefined, r.dval];
    const p = points.get(bucket(r.day ?? '', hour));
    if (!p) continue;
    if (channel !== undefined && isChannel(channel) && q.online.has(channel)) p.online += r.n;
    else p.offline += r.n;
  }
  return { gran, points: [...points.values()] };
}

export interface CityCount {
  city: string;
  n: number;
  districts: { district: string; n: number }[];
}

/** 位置热力图: leads per city and district ('' where the address named none). */
export async function location(db: Db, q: Question): Promise<{ cities: CityCount[] }> {
  const rows = await counts(db, q, 'district');
  const cities = new Map<string, CityCount>();
  for (const r of rows) {
    const [city = '', district = ''] = r.dval.split('|');
    const c = cities.get(city) ?? { city, n: 0, districts: [] };
    c.n += r.n;
    c.districts.push({ district, n: r.n });
    cities.set(city, c);
  }
  const list = [...cities.values()].sort(byN);
  for (const c of list) c.districts.sort(byN);
  return { cities: list };
}

export interface Ranked {
  key: string;
  n: number;
  won: number;
  conversionPct: number | null;
}

function ranked(rows: Count[], limit: number): Ranked[] {
  return rows
    .map((r) => ({ key: r.dval, n: r.n, won: r.won, conversionPct: pct(r.won, r.n) }))
    .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key))
    .slice(0, limit);
}

/** 意向产品 ranking ('' = not named). */
export async function products(db: Db, q: Question, limit = 15): Promise<{ rows: Ranked[] }> {
  return { rows: ranked(await counts(db, q, 'product'), limit) };
}

/** 门店 ranking with conversion (won / new of the period's leads). */
export async function stores(db: Db, q: Question, limit = 30): Promise<{ rows: Ranked[] }> {
  return { rows: ranked(await counts(db, q, 'store'), limit) };
}

/** 来源渠道占比, and the online / offline totals. */
export async function channels(db: Db, q: Question): Promise<{ rows: { channel: string; online: boolean; n: number }[]; online: number; offline: number }> {
  const rows = (await counts(db, q, 'channel'))
    .map((r) => ({ channel: r.dval, online: isChannel(r.dval) && q.online.has(r.dval), n: r.n }))
    .sort(byN);
  const online = sum(rows.filter((r) => r.online));
  return { rows, online, offline: sum(rows) - online };
}

/** 团队 (贡献中心) share. */
export async function teams(db: Db, q: Question): Promise<{ rows: (Ranked & { name: string; sharePct: number | null })[] }> {
  const rows = await counts(db, q, 'team');
  const names = new Map((await db.team.findMany({ where: { id: { in: rows.map((r) => r.dval) } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  const total = sum(rows);
  return { rows: ranked(rows, 1000).map((r) => ({ ...r, name: names.get(r.key) ?? '', sharePct: pct(r.n, total) })) };
}

/** The funnel new → following → milestone → deposit → won, with each step's conversion from the one before, and lost reasons. */
export async function funnel(db: Db, q: Question): Promise<{ steps: { stage: number; n: number; pctOfPrevious: number | null }[]; lost: { reason: string; n: number }[] }> {
  const [stageRows, lostRows] = await Promise.all([counts(db, q, 'stage'), counts(db, q, 'lost')]);
  const at = new Map(stageRows.map((r) => [Number(r.dval), r.n]));
  const steps: { stage: number; n: number; pctOfPrevious: number | null }[] = [];
  for (let stage = 0; stage <= 4; stage++) {
    // A lead that reached a step passed every step before it.
    let n = 0;
    for (let s = stage; s <= 4; s++) n += at.get(s) ?? 0;
    const prev = steps.at(-1);
    steps.push({ stage, n, pctOfPrevious: prev ? pct(n, prev.n) : null });
  }
  return { steps, lost: lostRows.map((r) => ({ reason: r.dval, n: r.n })).sort(byN) };
}

export interface RepRow {
  memberId: string;
  name: string;
  team: string;
  n: number;
  milestone: number;
  won: number;
  follows: number;
  conversionPct: number | null;
}

/** The rep ranking: new leads (owned now), follow-ups logged, milestones, wins, conversion. */
export async function reps(db: Db, q: Question, limit = 50): Promise<{ rows: RepRow[] }> {
  const [rows, follows] = await Promise.all([counts(db, q, 'rep'), followCounts(db, q)]);
  const byId = new Map(rows.map((r) => [r.dval, r]));
  // Names only for the reps the table shows: the ranking's order, then the follow-ups' for reps without new leads.
  const order = (id: string) => [byId.get(id)?.n ?? 0, byId.get(id)?.won ?? 0, follows.get(id) ?? 0] as const;
  const ids = [...new Set([...rows.map((r) => r.dval), ...follows.keys()])]
    .filter((id) => id !== '' && (q.scope.kind !== 'rep' || id === q.scope.memberId))
    .sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
    })
    .slice(0, limit * 2);
  const members = await db.member.findMany({ where: { id: { in: ids }, orgId: q.scope.orgId }, select: { id: true, name: true, team: { select: { name: true } } } });
  const out = members.map((m): RepRow => {
    const r = byId.get(m.id);
    const n = r?.n ?? 0;
    return { memberId: m.id, name: m.name, team: m.team?.name ?? '', n, milestone: r?.milestone ?? 0, won: r?.won ?? 0, follows: follows.get(m.id) ?? 0, conversionPct: pct(r?.won ?? 0, n) };
  });
  return { rows: out.sort((a, b) => b.n - a.n || b.won - a.won || b.follows - a.follows || a.name.localeCompare(b.name)).slice(0, limit) };
}

/** Open leads needing attention now (whenever registered): past their follow-up time, or lapsing within two days. */
export async function attention(db: Db, q: Question): Promise<{ overdue: number; lapsing: number }> {
  const rows = await db.$queryRaw<{ overdue: number; lapsing: number }[]>`
    SELECT (count(*) FILTER (WHERE f."dueAt" < ${ts(q.now)}))::int AS overdue,
           (count(*) FILTER (WHERE f."lapseAt" >= ${ts(q.now)} AND f."lapseAt" < ${ts(new Date(q.now.getTime() + LAPSING_MS))}))::int AS lapsing
    FROM "DashLead" f
    WHERE ${factWhere(q, { period: false })} AND (f."dueAt" < ${ts(q.now)} OR f."lapseAt" < ${ts(new Date(q.now.getTime() + LAPSING_MS))})`;
  return rows[0] ?? { overdue: 0, lapsing: 0 };
}

/** The headline numbers above the charts. */
export async function summary(db: Db, q: Question): Promise<{ newLeads: number; won: number; milestone: number; conversionPct: number | null; online: number; onlinePct: number | null }> {
  const rows = await counts(db, q, 'channel');
  const newLeads = sum(rows);
  const won = rows.reduce((a, r) => a + r.won, 0);
  const milestone = rows.reduce((a, r) => a + r.milestone, 0);
  const online = sum(rows.filter((r) => isChannel(r.dval) && q.online.has(r.dval)));
  return { newLeads, won, milestone, conversionPct: pct(won, newLeads), online, onlinePct: pct(online, newLeads) };
}

export const FIGURES = { summary, trend, location, products, stores, channels, teams, funnel, reps, attention } as const;
export type FigureName = keyof typeof FIGURES;

export function isFigure(name: string): name is FigureName {
  return Object.hasOwn(FIGURES, name);
}

export async function figure(db: Db, q: Question, name: FigureName): Promise<unknown> {
  return FIGURES[name](db, q);
}

/** Every figure at once (the export's 看板 sheet). */
export async function allFigures(db: Db, q: Question) {
  const [s, t, l, p, st, c, tm, f, r, a] = await Promise.all([
    summary(db, q), trend(db, q), location(db, q), products(db, q), stores(db, q), channels(db, q), teams(db, q), funnel(db, q), reps(db, q), attention(db, q),
  ]);
  return { summary: s, trend: t, location: l, products: p, stores: st, channels: c, teams: tm, funnel: f, reps: r, attention: a };
}
