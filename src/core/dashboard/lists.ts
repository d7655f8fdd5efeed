import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/client.js';
import { audit } from '../audit.js';
import { maskPhone } from '../phone.js';
import { factWhere, type Question } from './question.js';

/**
 * The leads behind a figure (a drill-down), newest registration first. Phones are always
 * masked (138****5678), as in chat lists: a page is easily shown around or screenshotted.
 * Opening a list and downloading it are audit-logged with the question asked.
 */
export interface ListedLead {
  leadId: string;
  name: string;
  phone: string;
  owner: string;
  team: string;
  store: string;
  channel: string;
  level: string;
  status: string;
  product: string;
  city: string;
  district: string;
  registeredAt: Date;
  dueAt: Date | null;
  lapseAt: Date | null;
}

interface Row extends Omit<ListedLead, 'phone'> {
  rawPhone: string;
  erased: boolean;
}

const PAGE_MAX = 200;
export const COUNT_CAP = 10_000;

function select(q: Question, after: { at: Date; id: string } | null, limit: number, offset: number): Prisma.Sql {
  const keyset = after
    ? Prisma.sql`AND (f."registeredAt", f."leadId") < (${after.at.toISOString().replace('T', ' ').replace('Z', '')}::timestamp, ${after.id})`
    : Prisma.empty;
  return Prisma.sql`
    SELECT f."leadId", l.name, l.phone AS "rawPhone", l."erasedAt" IS NOT NULL AS erased, coalesce(m.name, '') AS owner,
      t.name AS team, f.store, f.channel, f.level, f.status::text AS status, f.product, f.city, f.district,
      f."registeredAt", f."dueAt", f."lapseAt"
    FROM "DashLead" f
    JOIN "Lead" l ON l.id = f."leadId"
    JOIN "Team" t ON t.id = f."teamId"
    LEFT JOIN "Member" m ON m.id = f."ownerId"
    WHERE ${factWhere(q, { drill: true })} ${keyset}
    ORDER BY f."registeredAt" DESC, f."leadId" DESC
    LIMIT ${limit} OFFSET ${offset}`;
}

function masked(r: Row): ListedLead {
  const { rawPhone, erased, ...rest } = r;
  return { ...rest, phone: erased ? '已删除' : maskPhone(rawPhone) };
}

export interface ListAsker {
  id: string;
  orgId: string;
}

function auditDetail(q: Question, extra: Record<string, number | string>): Prisma.InputJsonObject {
  const drop = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Prisma.InputJsonObject;
  return { scope: q.scope.kind, filters: drop(q.filters), drill: drop(q.drill), period: `${q.period.from}..${q.period.to}`, ...extra };
}

/** One page of a drill-down, with the total, audited. */
export async function listLeads(db: Db, asker: ListAsker, q: Question, page: { limit: number; offset: number }): Promise<{ total: number; more: boolean; rows: ListedLead[] }> {
  const limit = Math.max(1, Math.min(PAGE_MAX, page.limit));
  const [rows, totals] = await Promise.all([
    db.$queryRaw<Row[]>(select(q, null, limit, Math.max(0, page.offset))),
    // Counted up to a cap: an org-wide month is hundreds of thousands, and nobody pages that far.
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM "DashLead" f WHERE ${factWhere(q, { drill: true })} LIMIT ${COUNT_CAP + 1}) x`,
  ]);
  const counted = totals[0]?.n ?? 0;
  const total = Math.min(counted, COUNT_CAP);
  await audit(db, { orgId: asker.orgId, actorId: asker.id, action: 'dashboard_list', detail: auditDetail(q, { total, offset: page.offset }), at: q.now });
  return { total, more: counted > COUNT_CAP, rows: rows.map(masked) };
}

/** Every lead of a drill-down, in pages of `batch`, for a CSV download; audited once, with the count, when done. */
export async function* everyLead(db: Db, asker: ListAsker, q: Question, batch = 2_000): AsyncGenerator<ListedLead[]> {
  let after: { at: Date; id: string } | null = null;
  let count = 0;
  for (;;) {
    const rows: Row[] = await db.$queryRaw<Row[]>(select(q, after, batch, 0));
    if (rows.length > 0) yield rows.map(masked);
    count += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < batch) break;
    after = { at: last.registeredAt, id: last.leadId };
  }
  await audit(db, { orgId: asker.orgId, actorId: asker.id, action: 'dashboard_csv', detail: auditDetail(q, { rows: count }), at: q.now });
}
