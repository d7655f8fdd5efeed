import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { digestPeriod, localHour, ts, type Period, type PeriodKind } from '../digests/period.js';

/**
 * 展厅客流量统计表 from reception records: parties and calls by day and two-hour slot, how many
 * left contact details, orders taken, showroom sales against the month's total, and each rep's
 * contact-capture rate. Every party counts, contact or not.
 */

/** The paper form's slots, 08–10 … 18–20; a party outside them is counted in a seventh, "other". */
export const SLOT_LABELS = ['08–10', '10–12', '12–14', '14–16', '16–18', '18–20'] as const;
export const OTHER_SLOT = SLOT_LABELS.length;

export interface TrafficCounts {
  /** 来店批数 */
  walkIn: number;
  /** 来店 留有客户资料数 */
  walkInContact: number;
  /** 来电批数 */
  phoneIn: number;
  /** 来电 留有客户资料数 */
  phoneInContact: number;
  /** 接到订单数: parties that ordered on the spot. */
  orders: number;
  /** 展厅销售台数: wins of customers the showroom received (by the time of the win). */
  showroomSales: number;
}

export interface TrafficDay {
  day: string;
  /** SLOT_LABELS in order, then "other". */
  slots: TrafficCounts[];
  total: TrafficCounts;
}

export interface RepTraffic {
  memberId: string;
  name: string;
  parties: number;
  contacts: number;
  orders: number;
  /** contacts / parties in percent, one decimal. */
  captureRatePct: number | null;
}

export interface TrafficTable {
  teamId: string;
  period: Period;
  days: TrafficDay[];
  bySlot: TrafficCounts[];
  total: TrafficCounts;
  /** 当月销售总量: the team's wins from the first of the period's last month to the period's end. */
  monthSales: number;
  monthShowroomSales: number;
  /** 展厅销售率: the month's showroom sales over its total sales, in percent. */
  showroomRatePct: number | null;
  /** Parties (walk-ins and calls) to orders, in percent. */
  conversionPct: number | null;
  /** Parties that left contact details, in percent. */
  captureRatePct: number | null;
  reps: RepTraffic[];
}

export const zeroCounts = (): TrafficCounts => ({ walkIn: 0, walkInContact: 0, phoneIn: 0, phoneInContact: 0, orders: 0, showroomSales: 0 });

export function addCounts(a: TrafficCounts, b: TrafficCounts): TrafficCounts {
  return {
    walkIn: a.walkIn + b.walkIn,
    walkInContact: a.walkInContact + b.walkInContact,
    phoneIn: a.phoneIn + b.phoneIn,
    phoneInContact: a.phoneInContact + b.phoneInContact,
    orders: a.orders + b.orders,
    showroomSales: a.showroomSales + b.showroomSales,
  };
}

export const parties = (c: TrafficCounts): number => c.walkIn + c.phoneIn;
export const contacts = (c: TrafficCounts): number => c.walkInContact + c.phoneInContact;

export const pct = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 1000) / 10);

function ymd(d: TZDate): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function daysOf(period: Period, timeZone: string): string[] {
  const out: string[] = [];
  for (let d = new TZDate(period.from.getTime(), timeZone); d.getTime() < period.to.getTime(); d = addDays(d, 1)) out.push(ymd(d));
  return out;
}

/** The first instant of the month that holds the period's last day. */
function monthStart(period: Period, timeZone: string): Date {
  const last = new TZDate(period.to.getTime() - 1, timeZone);
  return new Date(new TZDate(last.getFullYear(), last.getMonth(), 1, timeZone).getTime());
}

const slotOf = (col: Prisma.Sql, zone: string) =>
  Prisma.sql`CASE WHEN ${localHour(col, zone)} >= 8 AND ${localHour(col, zone)} < 20 THEN floor((${localHour(col, zone)} - 8) / 2)::int ELSE ${OTHER_SLOT} END`;
const dayOf = (col: Prisma.Sql, zone: string) => Prisma.sql`to_char((${col} AT TIME ZONE 'UTC' AT TIME ZONE ${zone})::date, 'YYYY-MM-DD')`;

/** A won lead the showroom received (walk-in or call) before the win, linked or by phone. */
const SHOWROOM = Prisma.sql`(
  EXISTS (SELECT 1 FROM "Reception" r WHERE r."leadId" = l.id AND r."inAt" <= l."wonAt")
  OR EXISTS (SELECT 1 FROM "Reception" r WHERE r."orgId" = l."orgId" AND r.phone = l.phone AND r."inAt" <= l."wonAt"))`;

export interface TeamZone {
  id: string;
  timeZone: string;
}

/**
 * The traffic tables of many teams for one kind of period (each team's own zone), with a
 * handful of grouped queries per time zone rather than per team: the group digest reads 200
 * stores at once.
 */
export async function trafficTables(db: Db, teams: readonly TeamZone[], kind: PeriodKind, now: Date): Promise<Map<string, TrafficTable>> {
  const byZone = new Map<string, string[]>();
  for (const t of teams) byZone.set(t.timeZone, [...(byZone.get(t.timeZone) ?? []), t.id]);
  const out = new Map<string, TrafficTable>();
  for (const [zone, ids] of byZone) {
    for (const table of await zoneTables(db, ids, zone, digestPeriod(kind, now, zone))) out.set(table.teamId, table);
  }
  return out;
}

export async function trafficTable(db: Db, team: TeamZone, kind: PeriodKind, now: Date): Promise<TrafficTable> {
  const table = (await trafficTables(db, [team], kind, now)).get(team.id);
  if (!table) throw new Error(`no traffic table for team ${team.id}`);
  return table;
}

interface ReceptionRow {
  teamId: string;
  day: string;
  slot: number;
  kind: 'walk_in' | 'phone_in';
  parties: number;
  contacts: number;
  orders: number;
}

async function zoneTables(db: Db, teamIds: string[], zone: string, period: Period): Promise<TrafficTable[]> {
  const from = ts(period.from);
  const to = ts(period.to);
  const mStart = ts(monthStart(period, zone));
  const inAt = Prisma.sql`"inAt"`;
  const wonAt = Prisma.sql`l."wonAt"`;
  const [receptionRows, salesRows, monthRows, repRows] = await Promise.all([
    db.$queryRaw<ReceptionRow[]>`
      SELECT "teamId", ${dayOf(inAt, zone)} AS day, ${slotOf(inAt, zone)} AS slot, kind::text AS kind,
        count(*)::int AS parties, count(*) FILTER (WHERE "contactLeft")::int AS contacts, count(*) FILTER (WHERE ordered)::int AS orders
      FROM "Reception" WHERE "teamId" = ANY(${teamIds}) AND "inAt" >= ${from} AND "inAt" < ${to}
      GROUP BY 1, 2, 3, 4`,
    db.$queryRaw<{ teamId: string; day: string; slot: number; n: number }[]>`
      SELECT l."teamId", ${dayOf(wonAt, zone)} AS day, ${slotOf(wonAt, zone)} AS slot, count(*)::int AS n
      FROM "Lead" l WHERE l."teamId" = ANY(${teamIds}) AND l.status = 'won' AND l."wonAt" >= ${from} AND l."wonAt" < ${to} AND ${SHOWROOM}
      GROUP BY 1, 2, 3`,
    db.$queryRaw<{ teamId: string; total: number; showroom: number }[]>`
      SELECT l."teamId", count(*)::int AS total, count(*) FILTER (WHERE ${SHOWROOM})::int AS showroom
      FROM "Lead" l WHERE l."teamId" = ANY(${teamIds}) AND l.status = 'won' AND l."wonAt" >= ${mStart} AND l."wonAt" < ${to}
      GROUP BY 1`,
    db.$queryRaw<{ teamId: string; memberId: string; name: string; parties: number; contacts: number; orders: number }[]>`
      SELECT r."teamId", r."receivedById" AS "memberId", m.name,
        count(*)::int AS parties, count(*) FILTER (WHERE r."contactLeft")::int AS contacts, count(*) FILTER (WHERE r.ordered)::int AS orders
      FROM "Reception" r JOIN "Member" m ON m.id = r."receivedById"
      WHERE r."teamId" = ANY(${teamIds}) AND r."inAt" >= ${from} AND r."inAt" < ${to}
      GROUP BY 1, 2, 3 ORDER BY parties DESC, m.name`,
  ]);

  const dayNames = daysOf(period, zone);
  const grids = new Map<string, Map<string, TrafficCounts[]>>();
  const grid = (teamId: string, day: string): TrafficCounts[] => {
    let team = grids.get(teamId);
    if (!team) grids.set(teamId, (team = new Map(dayNames.map((d) => [d, Array.from({ length: OTHER_SLOT + 1 }, zeroCounts)]))));
    let cells = team.get(day);
    // A day outside the list cannot happen (the rows are inside the period); kept rather than lost.
    if (!cells) team.set(day, (cells = Array.from({ length: OTHER_SLOT + 1 }, zeroCounts)));
    return cells;
  };
  for (const r of receptionRows) {
    const cell = grid(r.teamId, r.day)[r.slot];
    if (!cell) continue;
    if (r.kind === 'walk_in') {
      cell.walkIn += r.parties;
      cell.walkInContact += r.contacts;
    } else {
      cell.phoneIn += r.parties;
      cell.phoneInContact += r.contacts;
    }
    cell.orders += r.orders;
  }
  for (const r of salesRows) {
    const cell = grid(r.teamId, r.day)[r.slot];
    if (cell) cell.showroomSales += r.n;
  }
  const months = new Map(monthRows.map((r) => [r.teamId, r]));

  return teamIds.map((teamId) => {
    const team = grids.get(teamId) ?? new Map(dayNames.map((d) => [d, Array.from({ length: OTHER_SLOT + 1 }, zeroCounts)]));
    const days: TrafficDay[] = [...team.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, slots]) => ({ day, slots, total: slots.reduce(addCounts, zeroCounts()) }));
    const bySlot = Array.from({ length: OTHER_SLOT + 1 }, (_, i) => days.reduce((acc, d) => addCounts(acc, d.slots[i] ?? zeroCounts()), zeroCounts()));
    const total = bySlot.reduce(addCounts, zeroCounts());
    const month = months.get(teamId);
    const monthSales = month?.total ?? 0;
    const monthShowroomSales = month?.showroom ?? 0;
    const reps = repRows
      .filter((r) => r.teamId === teamId)
      .map((r) => ({ memberId: r.memberId, name: r.name, parties: r.parties, contacts: r.contacts, orders: r.orders, captureRatePct: pct(r.contacts, r.parties) }));
    return {
      teamId,
      period,
      days,
      bySlot,
      total,
      monthSales,
      monthShowroomSales,
      showroomRatePct: pct(monthShowroomSales, monthSales),
      conversionPct: pct(total.orders, parties(total)),
      captureRatePct: pct(contacts(total), parties(total)),
      reps,
    };
  });
}
