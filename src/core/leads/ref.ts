import type { Tx } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { maskPhone, normalizePhone } from '../phone.js';
import { type Actor, type LeadWithPeople, lockLead, toView, withPeople } from './context.js';
import { isTeamManager } from './visibility.js';
import { type LeadRef, type LeadRefRefusal, OPEN_STATUSES } from './types.js';

/**
 * Which leads a name can refer to: a rep's own leads; a manager's team; the whole org when the
 * caller is looking for someone else's lead (a ruling application).
 */
export type RefScope = 'mine' | 'org';

export type Resolved = { ok: true; lead: LeadWithPeople } | LeadRefRefusal;

export async function resolveLeadRef(tx: Tx, actor: Actor, ref: LeadRef, scope: RefScope): Promise<Resolved> {
  const base: Prisma.LeadWhereInput = { orgId: actor.orgId, erasedAt: null };
  if ('leadId' in ref) {
    const lead = await tx.lead.findFirst({ where: { ...base, id: ref.leadId }, include: withPeople });
    return lead ? { ok: true, lead } : { ok: false, reason: 'not_found' };
  }
  if ('phone' in ref) {
    const phone = normalizePhone(ref.phone);
    const lead = phone ? await tx.lead.findFirst({ where: { ...base, phone }, include: withPeople }) : null;
    return lead ? { ok: true, lead } : { ok: false, reason: 'not_found' };
  }
  const name = ref.name.trim();
  if (name === '') return { ok: false, reason: 'not_found' };
  const scoped: Prisma.LeadWhereInput =
    scope === 'org' ? base : actor.role === 'rep' || !actor.teamId ? { ...base, ownerId: actor.id } : { ...base, teamId: actor.teamId };
  // Open leads first: "跟进王先生" means the one being worked, not last year's lost one.
  const order: Prisma.LeadOrderByWithRelationInput[] = [{ updatedAt: 'desc' }];
  let found = await tx.lead.findMany({ where: { ...scoped, name }, include: withPeople, orderBy: order, take: 20 });
  if (found.length === 0) found = await tx.lead.findMany({ where: { ...scoped, name: { contains: name } }, include: withPeople, orderBy: order, take: 20 });
  const open = found.filter((l) => (OPEN_STATUSES as readonly string[]).includes(l.status));
  const pick = open.length > 0 ? open : found;
  if (pick.length === 0) return { ok: false, reason: 'not_found' };
  const [only] = pick;
  if (pick.length === 1 && only) return { ok: true, lead: only };
  return { ok: false, reason: 'ambiguous', candidates: pick.map((l) => toView(l, actor)) };
}

/** A rep works only their own leads; managers and admins any lead of their team. */
export function mayWork(actor: Actor, lead: { ownerId: string | null; teamId: string }): boolean {
  return lead.ownerId === actor.id || isTeamManager(actor, lead.teamId);
}

/** Resolve a reference to an open lead the actor may work on, or the refusal explaining why not. */
export async function resolveWorkable(tx: Tx, actor: Actor, ref: LeadRef): Promise<Resolved> {
  const r = await resolveLeadRef(tx, actor, ref, 'mine');
  if (!r.ok) return r;
  const lead = r.lead;
  if (!mayWork(actor, lead)) return { ok: false, reason: 'not_yours', leadId: lead.id, owner: lead.owner, maskedPhone: maskPhone(lead.phone) };
  if (!(OPEN_STATUSES as readonly string[]).includes(lead.status)) {
    return { ok: false, reason: 'not_open', leadId: lead.id, status: lead.status, maskedPhone: maskPhone(lead.phone) };
  }
  return r;
}

/** As resolveWorkable, then locks the lead and checks again, so the answer holds until commit. */
export async function resolveWorkableLocked(tx: Tx, actor: Actor, ref: LeadRef): Promise<Resolved> {
  const r = await resolveWorkable(tx, actor, ref);
  if (!r.ok) return r;
  await lockLead(tx, r.lead.id);
  return resolveWorkable(tx, actor, { leadId: r.lead.id });
}
