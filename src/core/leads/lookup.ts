import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { audit } from '../audit.js';
import { normalizePhone } from '../phone.js';
import { type Actor, type LeadWithPeople, loadActor, toView, withPeople } from './context.js';
import type { LeadView, LookupInput, LookupResult, NotFound, NotMember } from './types.js';

/** A manager seeing a customer's full phone is a reveal, and every reveal is on record. */
async function auditReveals(tx: Tx, actor: Actor, views: LeadView[], leads: LeadWithPeople[], now: Date): Promise<void> {
  for (const [i, view] of views.entries()) {
    const lead = leads[i];
    if (view.phoneVisible && lead && lead.ownerId !== actor.id) {
      await audit(tx, { orgId: actor.orgId, actorId: actor.id, action: 'reveal', leadId: lead.id, detail: { ownerId: lead.ownerId }, at: now });
    }
  }
}

/**
 * 查 by phone or name. A phone (or its last digits) is looked up across the org, so a rep can
 * see whether a customer is already taken (masked unless theirs); a name only among what the
 * asker works on: a rep's own leads and the team pool, a manager's team, an admin's org.
 */
export async function lookupLeads(db: Db, input: LookupInput, now: Date): Promise<LookupResult> {
  return db.$transaction(async (tx) => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' } as const;
    const q = input.query.trim();
    const base: Prisma.LeadWhereInput = { orgId: actor.orgId, erasedAt: null };
    const phone = normalizePhone(q);
    const digits = q.replace(/[\s-]/g, '');
    let by: 'phone' | 'name' = 'phone';
    let where: Prisma.LeadWhereInput;
    if (phone) where = { ...base, phone };
    else if (/^\d{4,}$/.test(digits)) where = { ...base, phone: { endsWith: digits } };
    else {
      by = 'name';
      const scope: Prisma.LeadWhereInput =
        actor.role === 'admin'
          ? {}
          : actor.role === 'manager' && actor.teamId
            ? { teamId: actor.teamId }
            : { OR: [{ ownerId: actor.id }, { teamId: actor.teamId ?? '', status: { in: ['released', 'expired'] } }] };
      where = { ...base, ...scope, name: { contains: q } };
    }
    if (q === '') return { ok: true, by, leads: [], total: 0 } as const;
    const [leads, total] = await Promise.all([
      tx.lead.findMany({ where, include: withPeople, orderBy: { updatedAt: 'desc' }, take: input.limit ?? 10 }),
      tx.lead.count({ where }),
    ]);
    const views = leads.map((l) => toView(l, actor));
    await auditReveals(tx, actor, views, leads, now);
    return { ok: true, by, leads: views, total } as const;
  }, TX_OPTIONS);
}

/** One lead by id as this member may see it (for cards); a full-phone reveal to a manager is audit-logged. */
export async function getLead(
  db: Db,
  input: { actorId: string; leadId: string },
  now: Date,
): Promise<{ ok: true; lead: LeadView } | NotMember | NotFound> {
  return db.$transaction(async (tx) => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' } as const;
    const lead = await tx.lead.findFirst({ where: { id: input.leadId, orgId: actor.orgId }, include: withPeople });
    if (!lead) return { ok: false, reason: 'not_found' } as const;
    const view = toView(lead, actor);
    await auditReveals(tx, actor, [view], [lead], now);
    return { ok: true, lead: view } as const;
  }, TX_OPTIONS);
}
