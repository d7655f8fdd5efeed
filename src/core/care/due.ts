import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { ts } from '../digests/period.js';
import { readPolicy, type Policy } from '../policy.js';
import { cadenceOn, upcomingCareDue, type CareKind } from './cadence.js';
import type { CareDue } from './types.js';

const MATCHES = Prisma.sql`((c.kind = 'care' AND l.status = 'won') OR (c.kind = 'win_back' AND l.status = 'lost')) AND l."erasedAt" IS NULL`;

/**
 * Care and win-back contacts due by `now` whose reminder has not gone out, oldest first. A row
 * whose lead moved on (a lost customer registered again, an erased one) is dropped on the way:
 * its cadence ended with the outcome it followed.
 */
export async function findCareDue(db: Db, now: Date, limit = 500): Promise<CareDue[]> {
  await db.$executeRaw`
    DELETE FROM "CustomerCare" c USING "Lead" l
    WHERE c."leadId" = l.id AND c."remindedAt" IS NULL AND c."dueAt" <= ${ts(now)} AND NOT (${MATCHES})`;
  const rows = await db.customerCare.findMany({
    where: { remindedAt: null, dueAt: { lte: now } },
    orderBy: { dueAt: 'asc' },
    take: limit,
    include: {
      lead: {
        select: { name: true, phone: true, product: true, lostReason: true, ownerId: true, org: { select: { platform: true, tenantKey: true, timeZone: true } }, team: { select: { policy: true } } },
      },
    },
  });
  const memberIds = [...new Set(rows.map((r) => r.memberId ?? r.lead.ownerId).filter((id): id is string => id !== null))];
  const members = new Map((await db.member.findMany({ where: { id: { in: memberIds }, active: true }, select: { id: true, name: true, platformUserId: true } })).map((m) => [m.id, m]));
  const out: CareDue[] = [];
  for (const r of rows) {
    const member = members.get(r.memberId ?? r.lead.ownerId ?? '');
    if (!member) {
      // Nobody left to remind (the rep left the company): the due moment passes unannounced.
      await markCareReminded(db, r.leadId, r.dueAt, now);
      continue;
    }
    out.push({
      leadId: r.leadId,
      orgId: r.orgId,
      teamId: r.teamId,
      kind: r.kind,
      dueAt: r.dueAt,
      since: r.since,
      lastContactAt: r.lastContactAt,
      contacts: r.contacts,
      member,
      platform: r.lead.org.platform,
      tenantKey: r.lead.org.tenantKey,
      timeZone: zoneOf(r.lead.team.policy, r.lead.org.timeZone),
      name: r.lead.name,
      phone: r.lead.phone,
      product: r.lead.product,
      lostReason: r.lead.lostReason,
    });
  }
  return out;
}

function zoneOf(policy: unknown, fallback: string): string {
  try {
    return readPolicy(policy).timeZone;
  } catch {
    return fallback;
  }
}

/** Marks a due contact reminded, once: false when someone else already did (or the due moved). */
export async function markCareReminded(db: Db, leadId: string, dueAt: Date, now: Date): Promise<boolean> {
  const r = await db.customerCare.updateMany({ where: { leadId, dueAt, remindedAt: null }, data: { remindedAt: now } });
  return r.count === 1;
}

/**
 * Gives every won or lost lead without a cadence one (those closed before care existed, or by a
 * path that did not start it), due at the next point of its cadence that is not past.
 */
export async function backfillCare(db: Db, now: Date, batch = 500): Promise<number> {
  const policies = new Map<string, Policy>();
  let created = 0;
  let after = '';
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; orgId: string; teamId: string; ownerId: string | null; status: 'won' | 'lost'; at: Date; policy: unknown }[]>`
      SELECT l.id, l."orgId", l."teamId", l."ownerId", l.status::text AS status, coalesce(l."wonAt", l."lostAt", l."updatedAt") AS at, t.policy
      FROM "Lead" l JOIN "Team" t ON t.id = l."teamId"
      WHERE l.status IN ('won', 'lost') AND l."erasedAt" IS NULL AND l.id > ${after}
        AND NOT EXISTS (SELECT 1 FROM "CustomerCare" c WHERE c."leadId" = l.id)
      ORDER BY l.id LIMIT ${batch}`;
    const data = rows.flatMap((r) => {
      let policy = policies.get(r.teamId);
      if (!policy) {
        try {
          policy = readPolicy(r.policy);
        } catch {
          return [];
        }
        policies.set(r.teamId, policy);
      }
      const kind: CareKind = r.status === 'won' ? 'care' : 'win_back';
      if (!cadenceOn(policy, kind)) return [];
      return [{ leadId: r.id, orgId: r.orgId, teamId: r.teamId, kind, memberId: r.ownerId, since: r.at, dueAt: upcomingCareDue(policy, kind, r.at, now) }];
    });
    if (data.length > 0) created += (await db.customerCare.createMany({ data, skipDuplicates: true })).count;
    if (rows.length < batch) return created;
    after = rows[rows.length - 1]?.id ?? after;
  }
}
