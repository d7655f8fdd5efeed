import type { Db } from '../../db/client.js';
import { contacts as contactsOf, parties as partiesOf, pct, trafficTables, type TeamZone, type TrafficTable } from '../receptions/traffic.js';
import { targetProgress } from '../targets/progress.js';
import type { TargetProgress } from '../targets/types.js';
import { digestPeriod, OPEN, ts, type Period, type PeriodKind } from './period.js';

/**
 * One store's (team's) numbers for a period, as its manager digest shows them and the group
 * digest lists them side by side. The definitions are the manager digest's: new leads by
 * registration, follow-ups done as distinct leads each active member followed, due as those
 * plus the members' leads still waiting, overdue as of now, won and lost team-wide; receptions
 * and contact capture from the reception records, deposits as leads with a deposit logged.
 * Computed for many stores at once with grouped queries (the group digest reads 200 stores).
 */
export interface StoreTotals {
  newLeads: number;
  followUpsDone: number;
  followUpsDue: number;
  overdue: number;
  won: number;
  lost: number;
  receptions: number;
  contactsLeft: number;
  orders: number;
  deposits: number;
}

export interface StoreNumbers {
  teamId: string;
  teamName: string;
  timeZone: string;
  period: Period;
  totals: StoreTotals;
  /** contactsLeft / receptions, percent. */
  captureRatePct: number | null;
  lostReasons: { reason: string | null; count: number }[];
  traffic: TrafficTable;
  targets: TargetProgress;
}

export const STORE_TOTAL_KEYS = ['newLeads', 'followUpsDone', 'followUpsDue', 'overdue', 'won', 'lost', 'receptions', 'contactsLeft', 'orders', 'deposits'] as const satisfies readonly (keyof StoreTotals)[];

export const zeroTotals = (): StoreTotals => ({ newLeads: 0, followUpsDone: 0, followUpsDue: 0, overdue: 0, won: 0, lost: 0, receptions: 0, contactsLeft: 0, orders: 0, deposits: 0 });

export function addTotals(a: StoreTotals, b: StoreTotals): StoreTotals {
  const out = zeroTotals();
  for (const k of STORE_TOTAL_KEYS) out[k] = a[k] + b[k];
  return out;
}

export interface StoreRef extends TeamZone {
  name: string;
}

type Row = { teamId: string; n: number };

export async function storeNumbers(db: Db, stores: readonly StoreRef[], kind: PeriodKind, now: Date): Promise<StoreNumbers[]> {
  const byZone = new Map<string, StoreRef[]>();
  for (const s of stores) byZone.set(s.timeZone, [...(byZone.get(s.timeZone) ?? []), s]);
  const [traffic, targets] = await Promise.all([
    trafficTables(db, stores, kind, now),
    // Progress is for the month the period ends in (a monthly roll-up sent on the 1st: last month, whole).
    targetsAsOfPeriodEnd(db, stores, kind, now),
  ]);
  const out = new Map<string, StoreNumbers>();
  for (const [zone, group] of byZone) {
    const period = digestPeriod(kind, now, zone);
    const counts = await zoneCounts(db, group.map((s) => s.id), period, now);
    for (const s of group) {
      const t = traffic.get(s.id);
      const p = targets.get(s.id);
      if (!t || !p) continue;
      const totals: StoreTotals = {
        newLeads: counts.newLeads.get(s.id) ?? 0,
        followUpsDone: counts.done.get(s.id) ?? 0,
        followUpsDue: (counts.done.get(s.id) ?? 0) + (counts.waiting.get(s.id) ?? 0),
        overdue: counts.overdue.get(s.id) ?? 0,
        won: counts.won.get(s.id) ?? 0,
        lost: counts.lost.get(s.id) ?? 0,
        receptions: partiesOf(t.total),
        contactsLeft: contactsOf(t.total),
        orders: t.total.orders,
        deposits: counts.deposits.get(s.id) ?? 0,
      };
      out.set(s.id, {
        teamId: s.id,
        teamName: s.name,
        timeZone: zone,
        period,
        totals,
        captureRatePct: pct(totals.contactsLeft, totals.receptions),
        lostReasons: counts.lostReasons.get(s.id) ?? [],
        traffic: t,
        targets: p,
      });
    }
  }
  return stores.flatMap((s) => out.get(s.id) ?? []);
}

async function targetsAsOfPeriodEnd(db: Db, stores: readonly StoreRef[], kind: PeriodKind, now: Date): Promise<Map<string, TargetProgress>> {
  if (kind === 'day') return targetProgress(db, stores, now);
  const out = new Map<string, TargetProgress>();
  const byZone = new Map<string, StoreRef[]>();
  for (const s of stores) byZone.set(s.timeZone, [...(byZone.get(s.timeZone) ?? []), s]);
  for (const [zone, group] of byZone) {
    const lastInstant = new Date(digestPeriod(kind, now, zone).to.getTime() - 1);
    for (const [id, p] of await targetProgress(db, group, lastInstant)) out.set(id, p);
  }
  return out;
}

async function zoneCounts(db: Db, teamIds: string[], period: Period, now: Date) {
  const from = ts(period.from);
  const to = ts(period.to);
  const map = (rows: Row[]) => new Map(rows.map((r) => [r.teamId, r.n]));
  const [newLeads, done, open, closed, reasons, deposits] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT "teamId", count(*)::int AS n FROM "Lead"
      WHERE "teamId" = ANY(${teamIds}) AND "registeredAt" >= ${from} AND "registeredAt" < ${to} GROUP BY 1`,
    // Distinct leads per active member of the store, summed over its members (as the per-rep table).
    db.$queryRaw<Row[]>`
      SELECT m."teamId", count(DISTINCT (f."memberId", f."leadId"))::int AS n
      FROM "FollowUp" f JOIN "Member" m ON m.id = f."memberId" AND m.active
      WHERE m."teamId" = ANY(${teamIds}) AND f.at >= ${from} AND f.at < ${to} GROUP BY 1`,
    db.$queryRaw<{ teamId: string; waiting: number; overdue: number }[]>`
      SELECT l."teamId",
        count(*) FILTER (WHERE l."nextFollowUpAt" < ${to} AND (l."lastFollowUpAt" IS NULL OR l."lastFollowUpAt" < ${from}))::int AS waiting,
        count(*) FILTER (WHERE l."nextFollowUpAt" < ${ts(now)})::int AS overdue
      FROM "Lead" l JOIN "Member" m ON m.id = l."ownerId" AND m.active AND m."teamId" = l."teamId"
      WHERE l."teamId" = ANY(${teamIds}) AND l.status IN ${OPEN} GROUP BY 1`,
    db.$queryRaw<{ teamId: string; won: number; lost: number }[]>`
      SELECT "teamId",
        count(*) FILTER (WHERE status = 'won' AND "wonAt" >= ${from} AND "wonAt" < ${to})::int AS won,
        count(*) FILTER (WHERE status = 'lost' AND "lostAt" >= ${from} AND "lostAt" < ${to})::int AS lost
      FROM "Lead" WHERE "teamId" = ANY(${teamIds}) AND status IN ('won', 'lost')
        AND (("wonAt" >= ${from} AND "wonAt" < ${to}) OR ("lostAt" >= ${from} AND "lostAt" < ${to})) GROUP BY 1`,
    db.$queryRaw<{ teamId: string; reason: string | null; count: number }[]>`
      SELECT "teamId", "lostReason" AS reason, count(*)::int AS count FROM "Lead"
      WHERE "teamId" = ANY(${teamIds}) AND status = 'lost' AND "lostAt" >= ${from} AND "lostAt" < ${to}
      GROUP BY 1, 2 ORDER BY count DESC, reason`,
    db.$queryRaw<Row[]>`
      SELECT l."teamId", count(DISTINCT f."leadId")::int AS n FROM "FollowUp" f JOIN "Lead" l ON l.id = f."leadId"
      WHERE l."teamId" = ANY(${teamIds}) AND f.milestone = 'deposit' AND f.at >= ${from} AND f.at < ${to} GROUP BY 1`,
  ]);
  const lostReasons = new Map<string, { reason: string | null; count: number }[]>();
  for (const r of reasons) lostReasons.set(r.teamId, [...(lostReasons.get(r.teamId) ?? []), { reason: r.reason, count: r.count }]);
  return {
    newLeads: map(newLeads),
    done: map(done),
    waiting: new Map(open.map((r) => [r.teamId, r.waiting])),
    overdue: new Map(open.map((r) => [r.teamId, r.overdue])),
    won: new Map(closed.map((r) => [r.teamId, r.won])),
    lost: new Map(closed.map((r) => [r.teamId, r.lost])),
    lostReasons,
    deposits: map(deposits),
  };
}
