import type { Tx } from '../../db/client.js';
import type { Lead, Prisma } from '../../generated/prisma/client.js';
import { audit } from '../audit.js';
import type { Policy } from '../policy.js';
import { type Actor, resumedStatus } from './context.js';
import { milestoneDeadlineFrom, nextFollowUpFrom, protectionFrom } from './deadlines.js';
import { clean } from './fields.js';
import { recordHistory } from './history.js';
import type { MemberRef, RegisterInput } from './types.js';

/** Writing a registration: a new lead, or a known phone taken by a new registration. */

function deadlinesFor(owner: MemberRef | null, policy: Policy, level: string | null, at: Date, repNext: Date | null | undefined, milestoneReached: boolean) {
  if (!owner) return { protectionUntil: null, milestoneDeadline: null, nextFollowUpAt: null };
  return {
    protectionUntil: protectionFrom(policy, at),
    milestoneDeadline: milestoneReached ? null : milestoneDeadlineFrom(policy, at),
    nextFollowUpAt: nextFollowUpFrom(policy, level, at, repNext),
  };
}

export async function create(
  tx: Tx,
  input: RegisterInput,
  phone: string,
  owner: MemberRef | null,
  actor: Actor,
  teamId: string,
  policy: Policy,
  lateReport: boolean,
  now: Date,
): Promise<Lead> {
  const level = clean(input.level);
  const lead = await tx.lead.create({
    data: {
      orgId: actor.orgId,
      teamId,
      phone,
      name: clean(input.name) ?? '',
      gender: clean(input.gender),
      address: clean(input.address),
      product: clean(input.product),
      budgetMin: input.budget?.[0] ?? null,
      budgetMax: input.budget?.[1] ?? null,
      source: clean(input.source),
      store: clean(input.store),
      level,
      firstContactAt: input.firstContactAt ?? null,
      notes: clean(input.notes),
      status: owner ? 'new' : 'released',
      ownerId: owner?.id ?? null,
      registeredById: actor.id,
      registeredAt: input.sentAt,
      lateReport,
      releasedAt: owner ? null : input.sentAt,
      releaseReason: owner ? null : 'phone_in_unattributed',
      ...deadlinesFor(owner, policy, level, input.sentAt, input.nextFollowUpAt, false),
    },
  });
  await recordHistory(tx, lead, { kind: 'register', actorId: actor.id, at: input.sentAt, now, note: owner ? null : 'phone_in_unattributed' });
  await audit(tx, { orgId: actor.orgId, actorId: actor.id, action: 'register', leadId: lead.id, detail: { ownerId: owner?.id ?? null, lateReport }, at: now });
  return lead;
}

/** The state a re-registration replaced, kept in the audit log so an undo can put it back. */
export function snapshotOf(lead: Lead): Prisma.InputJsonObject {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    status: lead.status,
    ownerId: lead.ownerId,
    registeredById: lead.registeredById,
    registeredAt: lead.registeredAt.toISOString(),
    lateReport: lead.lateReport,
    protectionUntil: iso(lead.protectionUntil),
    milestoneDeadline: iso(lead.milestoneDeadline),
    nextFollowUpAt: iso(lead.nextFollowUpAt),
    releasedAt: iso(lead.releasedAt),
    releaseReason: lead.releaseReason,
    previousOwnerId: lead.previousOwnerId,
    claimedAt: iso(lead.claimedAt),
    lostAt: iso(lead.lostAt),
    lostReason: lead.lostReason,
  };
}

/**
 * Takes back a registration as if it never happened: its history row goes and the row it closed
 * is open again (undo; a registration displaced by an earlier-sent message). Its quota slot is
 * freed with it, since quota counts these rows.
 */
export async function dropOpenRegistration(tx: Tx, leadId: string): Promise<void> {
  const open = await tx.leadHistory.findFirst({ where: { leadId, validTo: null } });
  if (open?.changeKind !== 'register') return;
  await tx.leadHistory.delete({ where: { id: open.id } });
  const previous = await tx.leadHistory.findFirst({ where: { leadId }, orderBy: [{ validFrom: 'desc' }, { recordedAt: 'desc' }] });
  if (previous) await tx.leadHistory.update({ where: { id: previous.id }, data: { validTo: null } });
}

/** A pool (or lost) lead registered again: the registration takes it; what we knew is kept, gaps are filled. */
export async function retake(
  tx: Tx,
  existing: Lead,
  input: RegisterInput,
  owner: MemberRef | null,
  actor: Actor,
  teamId: string,
  policy: Policy,
  lateReport: boolean,
  now: Date,
  displace: boolean,
): Promise<Lead> {
  const level = clean(input.level) ?? existing.level;
  const status = owner ? await resumedStatus(tx, existing) : 'released';
  const lead = await tx.lead.update({
    where: { id: existing.id },
    data: {
      teamId,
      name: existing.name || (clean(input.name) ?? ''),
      gender: existing.gender ?? clean(input.gender),
      address: existing.address ?? clean(input.address),
      product: existing.product ?? clean(input.product),
      budgetMin: existing.budgetMin ?? input.budget?.[0] ?? null,
      budgetMax: existing.budgetMax ?? input.budget?.[1] ?? null,
      source: clean(input.source) ?? existing.source,
      store: existing.store ?? clean(input.store),
      level,
      firstContactAt: input.firstContactAt ?? existing.firstContactAt,
      notes: existing.notes ?? clean(input.notes),
      status,
      ownerId: owner?.id ?? null,
      previousOwnerId: existing.ownerId ?? existing.previousOwnerId,
      registeredById: actor.id,
      registeredAt: input.sentAt,
      lateReport,
      releasedAt: owner ? null : input.sentAt,
      releaseReason: owner ? null : 'phone_in_unattributed',
      claimedAt: null,
      lostAt: null,
      lostReason: null,
      ...deadlinesFor(owner, policy, level, input.sentAt, input.nextFollowUpAt, existing.milestoneAt !== null),
    },
  });
  if (displace) await dropOpenRegistration(tx, existing.id);
  await recordHistory(tx, lead, { kind: 'register', actorId: actor.id, at: input.sentAt, now, note: displace ? 'earlier_message' : `from_${existing.status}` });
  await audit(tx, {
    orgId: actor.orgId,
    actorId: actor.id,
    action: 'register',
    leadId: lead.id,
    detail: { ownerId: owner?.id ?? null, lateReport, before: snapshotOf(existing), ...(displace ? { displaced: existing.ownerId } : {}) },
    at: now,
  });
  return lead;
}
