import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/client.js';
import { cubeSlice, factWhere, type Question } from './question.js';

/**
 * Counts of the question's leads by one dimension, from the org cube when it can answer
 * (question.ts, cubeSlice) and otherwise from the facts of the scope (a team's or a rep's
 * leads, or an org view with several filters at once). Both give the same numbers; the cube
 * reads days × values rows instead of leads.
 */
export type Dimension = 'channel' | 'hour' | 'district' | 'product' | 'store' | 'team' | 'stage' | 'lost' | 'rep';

export interface Count {
  dval: string;
  /** Local date (YYYY-MM-DD) when asked per day. */
  day?: string;
  n: number;
  milestone: number;
  won: number;
}

const FACT_VALUE: Record<Dimension, Prisma.Sql> = {
  channel: Prisma.sql`f.channel`,
  hour: Prisma.sql`f.hour::text || '|' || f.channel`,
  district: Prisma.sql`f.city || '|' || f.district`,
  product: Prisma.sql`f.product`,
  store: Prisma.sql`f.store`,
  team: Prisma.sql`f."teamId"`,
  stage: Prisma.sql`f.stage::text`,
  lost: Prisma.sql`f."lostReason"`,
  rep: Prisma.sql`coalesce(f."ownerId", '')`,
};

export async function counts(db: Db, q: Question, dim: Dimension, perDay = false): Promise<Count[]> {
  const slice = cubeSlice(q);
  const dayCol = perDay ? Prisma.sql`, day::text AS day` : Prisma.empty;
  const groupDay = perDay ? Prisma.sql`, day` : Prisma.empty;
  // The rep dimension is kept overall only; a filtered org view reads the facts for it.
  if (slice && (dim !== 'rep' || slice.fkind === '')) {
    if (slice.fvals.length === 0) return [];
    return db.$queryRaw<Count[]>`
      SELECT dval ${dayCol}, sum(n)::int AS n, sum(milestone)::int AS milestone, sum(won)::int AS won
      FROM "DashCube"
      WHERE "orgId" = ${q.scope.orgId} AND fkind = ${slice.fkind} AND fval IN (${Prisma.join(slice.fvals)}) AND dkind = ${dim}
        AND day BETWEEN ${q.period.from}::date AND ${q.period.to}::date
      GROUP BY dval ${groupDay}
      HAVING sum(n) <> 0`;
  }
  const value = FACT_VALUE[dim];
  return db.$queryRaw<Count[]>`
    SELECT ${value} AS dval ${dayCol}, count(*)::int AS n,
      (count(*) FILTER (WHERE f.stage >= 2))::int AS milestone, (count(*) FILTER (WHERE f.status = 'won'))::int AS won
    FROM "DashLead" f
    WHERE ${factWhere(q)} AND ${value} IS NOT NULL
    GROUP BY 1 ${groupDay}`;
}

/** Follow-ups logged in the period on the question's leads, per member who logged them. */
export async function followCounts(db: Db, q: Question): Promise<Map<string, number>> {
  const slice = cubeSlice(q);
  const rows =
    slice && slice.fkind === ''
      ? await db.$queryRaw<{ dval: string; n: number }[]>`
          SELECT dval, sum(n)::int AS n FROM "DashCube"
          WHERE "orgId" = ${q.scope.orgId} AND fkind = '' AND fval = '' AND dkind = 'follow'
            AND day BETWEEN ${q.period.from}::date AND ${q.period.to}::date
          GROUP BY dval`
      : await db.$queryRaw<{ dval: string; n: number }[]>`
          SELECT fo."memberId" AS dval, count(*)::int AS n
          FROM "DashFollow" fo JOIN "DashLead" f ON f."leadId" = fo."leadId"
          WHERE fo.day BETWEEN ${q.period.from}::date AND ${q.period.to}::date AND ${factWhere(q, { period: false })}
          GROUP BY 1`;
  return new Map(rows.map((r) => [r.dval, r.n]));
}
