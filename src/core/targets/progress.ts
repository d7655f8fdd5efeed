import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { ts } from '../digests/period.js';
import type { MemberRef } from '../leads/types.js';
import { elapsedFraction, monthKeyOf, monthRange, type MonthKey } from './month.js';
import { MEASURES, type Measure, type MeasureProgress, type TargetProgress } from './types.js';

/**
 * Targets against actuals for the month containing `asOf`, pace-adjusted: what is expected by
 * now is the target times the share of the month gone by. The actuals count as the digests do:
 * new leads by who registered them, receptions by who received them, deposits as leads with a
 * deposit logged, wins by owner; a team's numbers are the whole team's.
 */

const round1 = (v: number) => Math.round(v * 10) / 10;

export function measureProgress(measure: Measure, target: number | null, actual: number, elapsed: number): MeasureProgress {
  const expected = target === null ? null : round1(target * elapsed);
  return {
    measure,
    target,
    actual,
    pct: target === null || target === 0 ? null : round1((actual / target) * 100),
    expected,
    pacePct: expected === null || expected === 0 ? null : round1((actual / expected) * 100),
  };
}

interface ActualRow {
  teamId: string;
  memberId: string | null;
  /** The team's own total (GROUPING SETS), rather than one member's. */
  isTeam: boolean;
  n: number;
}

type Counts = Map<string, number>;
const key = (teamId: string, memberId: string | null) => `${teamId}:${memberId ?? ''}`;

export interface TeamRef {
  id: string;
  timeZone: string;
}

export async function targetProgress(db: Db, teams: readonly TeamRef[], asOf: Date): Promise<Map<string, TargetProgress>> {
  const byZone = new Map<string, string[]>();
  for (const t of teams) byZone.set(t.timeZone, [...(byZone.get(t.timeZone) ?? []), t.id]);
  const out = new Map<string, TargetProgress>();
  for (const [zone, ids] of byZone) {
    const month = monthKeyOf(asOf, zone);
    for (const p of await zoneProgress(db, ids, month, elapsedFraction(month, asOf, zone), monthRange(month, zone))) out.set(p.teamId, p);
  }
  return out;
}

async function zoneProgress(db: Db, teamIds: string[], month: MonthKey, elapsed: number, range: { start: Date; end: Date }): Promise<TargetProgress[]> {
  const from = ts(range.start);
  const to = ts(range.end);
  const grouped = (select: Prisma.Sql) => db.$queryRaw<ActualRow[]>`
    SELECT "teamId", m AS "memberId", GROUPING(m) = 1 AS "isTeam", count(DISTINCT x)::int AS n FROM (${select}) s
    GROUP BY GROUPING SETS (("teamId", m), ("teamId"))`;
  const [targets, newLeads, receptions, deposits, wins] = await Promise.all([
    db.target.findMany({ where: { teamId: { in: teamIds }, month }, include: { member: { select: { id: true, name: true } } } }),
    grouped(Prisma.sql`SELECT "teamId", "registeredById" AS m, id AS x FROM "Lead" WHERE "teamId" = ANY(${teamIds}) AND "registeredAt" >= ${from} AND "registeredAt" < ${to}`),
    grouped(Prisma.sql`SELECT "teamId", "receivedById" AS m, id AS x FROM "Reception" WHERE "teamId" = ANY(${teamIds}) AND "inAt" >= ${from} AND "inAt" < ${to}`),
    grouped(Prisma.sql`
      SELECT l."teamId", f."memberId" AS m, f."leadId" AS x FROM "FollowUp" f JOIN "Lead" l ON l.id = f."leadId"
      WHERE l."teamId" = ANY(${teamIds}) AND f.milestone = 'deposit' AND f.at >= ${from} AND f.at < ${to}`),
    grouped(Prisma.sql`SELECT "teamId", "ownerId" AS m, id AS x FROM "Lead" WHERE "teamId" = ANY(${teamIds}) AND status = 'won' AND "wonAt" >= ${from} AND "wonAt" < ${to}`),
  ]);
  const toCounts = (rows: ActualRow[]): { team: Counts; rep: Counts } => {
    const team: Counts = new Map();
    const rep: Counts = new Map();
    for (const r of rows) {
      if (r.isTeam) team.set(r.teamId, r.n);
      else if (r.memberId !== null) rep.set(key(r.teamId, r.memberId), r.n);
    }
    return { team, rep };
  };
  const actual: Record<Measure, { team: Counts; rep: Counts }> = {
    newLeads: toCounts(newLeads),
    receptions: toCounts(receptions),
    deposits: toCounts(deposits),
    wins: toCounts(wins),
  };

  return teamIds.map((teamId) => {
    const own = targets.find((t) => t.teamId === teamId && t.memberId === null);
    const repTargets = targets.filter((t) => t.teamId === teamId && t.member !== null);
    const teamTarget = (m: Measure): number | null => {
      if (own && own[m] !== null) return own[m];
      const values = repTargets.map((t) => t[m]).filter((v): v is number => v !== null);
      return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
    };
    const teamTargetFrom = own && MEASURES.some((m) => own[m] !== null) ? 'team' : repTargets.some((t) => MEASURES.some((m) => t[m] !== null)) ? 'reps' : null;
    const reps = repTargets
      .map((t) => ({
        member: t.member as MemberRef,
        measures: MEASURES.map((m) => measureProgress(m, t[m], actual[m].rep.get(key(teamId, t.member?.id ?? null)) ?? 0, elapsed)),
      }))
      .sort((a, b) => a.member.name.localeCompare(b.member.name, 'zh'));
    return {
      teamId,
      month,
      elapsed,
      team: MEASURES.map((m) => measureProgress(m, teamTarget(m), actual[m].team.get(teamId) ?? 0, elapsed)),
      teamTargetFrom,
      reps,
    };
  });
}
