import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/client.js';
import { readPolicy } from '../policy.js';
import { digestPeriod, OPEN, ts, type Period, type PeriodKind } from './period.js';
import { storeNumbers, type StoreNumbers } from './storeNumbers.js';
import { SLOT_LABELS } from '../receptions/traffic.js';

export interface RepRow {
  memberId: string;
  name: string;
  newLeads: number;
  /** Distinct leads followed up in the period. */
  followUpsDone: number;
  /** Leads that needed a follow-up in the period: those followed up plus those still waiting. */
  followUpsDue: number;
  /** Open leads past their follow-up time as of now. */
  overdue: number;
  won: number;
  lost: number;
}

export interface ClosedLead {
  leadId: string;
  name: string;
  product: string | null;
  source: string | null;
  owner: string | null;
  at: Date;
  reason: string | null;
}

/** Walk-ins (来店) and phone-ins (来电) by two-hour slot, 08–10 … 18–20, as 展厅客流量统计表. */
export { SLOT_LABELS as TRAFFIC_SLOTS } from '../receptions/traffic.js';

export interface ManagerDigestNumbers {
  teamId: string;
  teamName: string;
  timeZone: string;
  period: Period;
  totals: { newLeads: number; followUpsDone: number; followUpsDue: number; overdue: number; won: number; lost: number };
  /** won / new leads in the period, in percent (one decimal); null when nothing new. */
  conversionPct: number | null;
  /** won / (won + lost) in the period, in percent; null when nothing closed. */
  winRatePct: number | null;
  reps: RepRow[];
  won: ClosedLead[];
  lost: ClosedLead[];
  sources: { source: string | null; count: number }[];
  /** Parties by slot from the reception records (every party, contact or not). */
  traffic: { walkIn: number[]; phoneIn: number[] };
  /** Receptions, contact capture, deposits, the full traffic table and target progress. */
  store: StoreNumbers;
  lostReasons: { reason: string | null; count: number }[];
  /** Per local day (week and month only): new leads and won. */
  trend: { day: string; newLeads: number; won: number }[];
}

const pct = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 1000) / 10);

/**
 * The team's numbers for a period, as aggregate queries over the team's rows (no per-lead
 * loops): one for the per-rep table, one each for the lists, shares, traffic and trend.
 */
export async function managerDigestNumbers(db: Db, teamId: string, now: Date, kind: PeriodKind, listLimit = 10): Promise<ManagerDigestNumbers | null> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true, policy: true } });
  if (!team) return null;
  const policy = readPolicy(team.policy);
  const zone = policy.timeZone;
  const period = digestPeriod(kind, now, zone);
  const from = ts(period.from);
  const to = ts(period.to);
  const inPeriod = (col: Prisma.Sql) => Prisma.sql`${col} >= ${from} AND ${col} < ${to}`;

  const reps = db.$queryRaw<RepRow[]>`
    WITH team_members AS (
      SELECT id, name, role FROM "Member" WHERE "teamId" = ${teamId} AND active
    ), registered AS (
      SELECT "registeredById" AS m, count(*)::int AS n FROM "Lead"
      WHERE "teamId" = ${teamId} AND ${inPeriod(Prisma.sql`"registeredAt"`)} GROUP BY 1
    ), followed AS (
      SELECT f."memberId" AS m, count(DISTINCT f."leadId")::int AS n
      FROM "FollowUp" f JOIN team_members tm ON tm.id = f."memberId"
      WHERE ${inPeriod(Prisma.sql`f.at`)} GROUP BY 1
    ), open_leads AS (
      SELECT "ownerId" AS m,
        count(*) FILTER (WHERE "nextFollowUpAt" < ${to} AND ("lastFollowUpAt" IS NULL OR "lastFollowUpAt" < ${from}))::int AS waiting,
        count(*) FILTER (WHERE "nextFollowUpAt" < ${ts(now)})::int AS overdue
      FROM "Lead" WHERE "teamId" = ${teamId} AND status IN ${OPEN} GROUP BY 1
    ), closed AS (
      SELECT "ownerId" AS m,
        count(*) FILTER (WHERE status = 'won' AND ${inPeriod(Prisma.sql`"wonAt"`)})::int AS won,
        count(*) FILTER (WHERE status = 'lost' AND ${inPeriod(Prisma.sql`"lostAt"`)})::int AS lost
      FROM "Lead" WHERE "teamId" = ${teamId} AND status IN ('won', 'lost') GROUP BY 1
    )
    SELECT tm.id AS "memberId", tm.name,
      coalesce(r.n, 0) AS "newLeads", coalesce(f.n, 0) AS "followUpsDone",
      coalesce(f.n, 0) + coalesce(o.waiting, 0) AS "followUpsDue", coalesce(o.overdue, 0) AS overdue,
      coalesce(c.won, 0) AS won, coalesce(c.lost, 0) AS lost
    FROM team_members tm
    LEFT JOIN registered r ON r.m = tm.id LEFT JOIN followed f ON f.m = tm.id
    LEFT JOIN open_leads o ON o.m = tm.id LEFT JOIN closed c ON c.m = tm.id
    WHERE tm.role = 'rep' OR coalesce(r.n, 0) + coalesce(f.n, 0) + coalesce(o.waiting, 0) + coalesce(c.won, 0) + coalesce(c.lost, 0) > 0
    ORDER BY "newLeads" DESC, won DESC, tm.name`;

  const closedList = (status: 'won' | 'lost') => {
    const at = status === 'won' ? Prisma.sql`l."wonAt"` : Prisma.sql`l."lostAt"`;
    return db.$queryRaw<ClosedLead[]>`
      SELECT l.id AS "leadId", l.name, l.product, l.source, m.name AS owner, ${at} AS at, l."lostReason" AS reason
      FROM "Lead" l LEFT JOIN "Member" m ON m.id = l."ownerId"
      WHERE l."teamId" = ${teamId} AND l.status = ${status}::"LeadStatus" AND ${inPeriod(at)}
      ORDER BY ${at} LIMIT ${listLimit}`;
  };

  const sources = db.$queryRaw<{ source: string | null; count: number }[]>`
    SELECT source, count(*)::int AS count FROM "Lead"
    WHERE "teamId" = ${teamId} AND ${inPeriod(Prisma.sql`"registeredAt"`)}
    GROUP BY source ORDER BY count DESC, source`;

  // Team-wide, so a lead owned by someone who has since left still counts.
  const closedTotals = db.$queryRaw<{ won: number; lost: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'won' AND ${inPeriod(Prisma.sql`"wonAt"`)})::int AS won,
           count(*) FILTER (WHERE status = 'lost' AND ${inPeriod(Prisma.sql`"lostAt"`)})::int AS lost
    FROM "Lead" WHERE "teamId" = ${teamId} AND status IN ('won', 'lost')`;

  const store = storeNumbers(db, [{ id: team.id, name: team.name, timeZone: zone }], kind, now);

  const lostReasons = db.$queryRaw<{ reason: string | null; count: number }[]>`
    SELECT "lostReason" AS reason, count(*)::int AS count FROM "Lead"
    WHERE "teamId" = ${teamId} AND status = 'lost' AND ${inPeriod(Prisma.sql`"lostAt"`)}
    GROUP BY 1 ORDER BY count DESC, reason`;

  const trend =
    kind === 'day'
      ? Promise.resolve([])
      : db.$queryRaw<{ day: string; newLeads: number; won: number }[]>`
    WITH days AS (
      SELECT generate_series((${from} AT TIME ZONE 'UTC' AT TIME ZONE ${zone})::date,
                             ((${to} AT TIME ZONE 'UTC' AT TIME ZONE ${zone}) - interval '1 day')::date, interval '1 day')::date AS d
    ), reg AS (
      SELECT ("registeredAt" AT TIME ZONE 'UTC' AT TIME ZONE ${zone})::date AS d, count(*)::int AS n FROM "Lead"
      WHERE "teamId" = ${teamId} AND ${inPeriod(Prisma.sql`"registeredAt"`)} GROUP BY 1
    ), wins AS (
      SELECT ("wonAt" AT TIME ZONE 'UTC' AT TIME ZONE ${zone})::date AS d, count(*)::int AS n FROM "Lead"
      WHERE "teamId" = ${teamId} AND status = 'won' AND ${inPeriod(Prisma.sql`"wonAt"`)} GROUP BY 1
    )
    SELECT to_char(days.d, 'YYYY-MM-DD') AS day, coalesce(reg.n, 0) AS "newLeads", coalesce(wins.n, 0) AS won
    FROM days LEFT JOIN reg ON reg.d = days.d LEFT JOIN wins ON wins.d = days.d ORDER BY days.d`;

  const [repRows, won, lost, sourceRows, [storeRow], reasonRows, trendRows, closedRows] = await Promise.all([
    reps,
    closedList('won'),
    closedList('lost'),
    sources,
    store,
    lostReasons,
    trend,
    closedTotals,
  ]);

  if (!storeRow) return null;
  const slots = storeRow.traffic.bySlot.slice(0, SLOT_LABELS.length);
  const walkIn = slots.map((c) => c.walkIn);
  const phoneIn = slots.map((c) => c.phoneIn);

  const sum = (f: (r: RepRow) => number) => repRows.reduce((a, r) => a + f(r), 0);
  const totalNew = sourceRows.reduce((a, r) => a + r.count, 0);
  const totals = {
    newLeads: totalNew,
    followUpsDone: sum((r) => r.followUpsDone),
    followUpsDue: sum((r) => r.followUpsDue),
    overdue: sum((r) => r.overdue),
    won: closedRows[0]?.won ?? 0,
    lost: closedRows[0]?.lost ?? 0,
  };
  return {
    teamId,
    teamName: team.name,
    timeZone: zone,
    period,
    totals,
    conversionPct: pct(totals.won, totals.newLeads),
    winRatePct: pct(totals.won, totals.won + totals.lost),
    reps: repRows,
    won,
    lost,
    sources: sourceRows,
    traffic: { walkIn, phoneIn },
    store: storeRow,
    lostReasons: reasonRows,
    trend: trendRows,
  };
}
