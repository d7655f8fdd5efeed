import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { ts } from '../digests/period.js';
import type { CareKind } from './cadence.js';

export interface RepCareItem {
  leadId: string;
  name: string;
  product: string | null;
  kind: CareKind;
  dueAt: Date;
}

export interface RepCare {
  /** Due today (from the day's start to its end). */
  dueToday: number;
  /** Due before today and not yet contacted. */
  overdue: number;
  items: RepCareItem[];
}

/** A rep's care and win-back contacts due by the end of their day, for the morning digest. */
export async function repCare(db: Db, memberId: string, day: { from: Date; to: Date }, limit = 8): Promise<RepCare> {
  const valid = Prisma.sql`((c.kind = 'care' AND l.status = 'won') OR (c.kind = 'win_back' AND l.status = 'lost')) AND l."erasedAt" IS NULL`;
  const [counts] = await db.$queryRaw<{ today: number; overdue: number }[]>`
    SELECT count(*) FILTER (WHERE c."dueAt" >= ${ts(day.from)})::int AS today, count(*) FILTER (WHERE c."dueAt" < ${ts(day.from)})::int AS overdue
    FROM "CustomerCare" c JOIN "Lead" l ON l.id = c."leadId"
    WHERE c."memberId" = ${memberId} AND c."dueAt" < ${ts(day.to)} AND ${valid}`;
  const items = await db.$queryRaw<RepCareItem[]>`
    SELECT c."leadId", l.name, l.product, c.kind::text AS kind, c."dueAt"
    FROM "CustomerCare" c JOIN "Lead" l ON l.id = c."leadId"
    WHERE c."memberId" = ${memberId} AND c."dueAt" < ${ts(day.to)} AND ${valid}
    ORDER BY c."dueAt" LIMIT ${limit}`;
  return { dueToday: counts?.today ?? 0, overdue: counts?.overdue ?? 0, items };
}
