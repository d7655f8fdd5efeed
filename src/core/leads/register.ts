import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import type { Lead, Prisma } from '../../generated/prisma/client.js';
import { audit } from '../audit.js';
import { maskPhone, normalizePhone } from '../phone.js';
import type { Policy } from '../policy.js';
import {
  type Actor,
  loadActor,
  loadView,
  lockKey,
  lockLead,
  managersOf,
  memberRef,
  resumedStatus,
  teamPolicy,
} from './context.js';
import { isLateReport, milestoneDeadlineFrom, nextFollowUpFrom, plusDays, protectionFrom } from './deadlines.js';
import { clean, missingFields } from './fields.js';
import { recordHistory } from './history.js';
import { quotaUsage } from './quota.js';
import {
  type DuplicateHint,
  type MemberRef,
  type Notify,
  OPEN_STATUSES,
  type RegisterDraft,
  type RegisterInput,
  type RegisterResult,
} from './types.js';

const isOpen = (s: Lead['status']) => (OPEN_STATUSES as readonly string[]).includes(s);

/**
 * Rules 1, 2, 6, 7, 8 of domain.md. The phone's advisory lock makes "first" well defined when
 * fifty reps report one customer at once: registrations of one phone run one after another and
 * each sees the commits before it, so exactly one creates the lead and the rest are told who owns it.
 */
export async function registerLead(db: Db, input: RegisterInput, now: Date): Promise<RegisterResult> {
  return db.$transaction((tx) => register(tx, input, now), TX_OPTIONS);
}

function draftOf(input: RegisterInput, phone: string | null): RegisterDraft {
  const { actorId: _a, sentAt: _s, ...draft } = input;
  return { ...draft, phone: phone ?? input.phone };
}

async function register(tx: Tx, input: RegisterInput, now: Date): Promise<RegisterResult> {
  const actor = await loadActor(tx, input.actorId);
  if (!actor) return { ok: false, reason: 'unknown_member' };
  if (!actor.teamId) return { ok: false, reason: 'no_team' };
  const teamId = actor.teamId;
  const policy = await teamPolicy(tx, teamId);

  const rawPhone = input.phone.trim();
  const phone = rawPhone === '' ? null : normalizePhone(rawPhone);
  if (rawPhone !== '' && !phone) return { ok: false, reason: 'invalid_phone', raw: input.phone };
  const { missing, missingAnyOf } = missingFields(policy, { ...input, phone: phone ?? '' });
  if (missing.length > 0 || !phone) {
    return { ok: false, reason: 'missing_fields', missing, missingAnyOf, draft: draftOf(input, phone) };
  }

  // Rule 8: a customer who asked for a rep belongs to that rep; an unattributed phone-in to the pool.
  const namedRep = clean(input.extra?.namedRep);
  let owner: MemberRef | null = { id: actor.id, name: actor.name };
  let attribution: 'reporter' | 'named_rep' | 'pool' = 'reporter';
  if (namedRep) {
    const rep = await findNamedRep(tx, teamId, namedRep);
    if (!rep) return { ok: false, reason: 'unknown_rep', namedRep };
    owner = rep;
    attribution = rep.id === actor.id ? 'reporter' : 'named_rep';
  } else if (input.source === 'phone_in') {
    owner = null;
    attribution = 'pool';
  }

  await lockKey(tx, 'lead-phone', `${actor.orgId}:${phone}`);
  const existing = await tx.lead.findUnique({ where: { orgId_phone: { orgId: actor.orgId, phone } } });
  if (existing) {
    await lockLead(tx, existing.id);
    const refusal = await refuseExisting(tx, existing, owner?.id ?? actor.id, policy, input.sentAt);
    if (refusal) return refusal;
  }

  if (owner) {
    const ownerMember = await tx.member.findUniqueOrThrow({ where: { id: owner.id } });
    await lockKey(tx, 'member-quota', owner.id);
    const q = await quotaUsage(tx, ownerMember, policy, input.sentAt);
    if (q.quota !== null && q.used >= q.quota) {
      return { ok: false, reason: 'quota', used: q.used, quota: q.quota, resetsAt: q.resetsAt };
    }
  }

  const lateReport = isLateReport(policy, input.firstContactAt, input.sentAt);
  const possibleDuplicates = await findPossibleDuplicates(tx, actor.orgId, phone, input);
  const lead = existing
    ? await retake(tx, existing, input, owner, actor, teamId, policy, lateReport, now)
    : await create(tx, input, phone, owner, actor, teamId, policy, lateReport, now);

  const notify: Notify[] = [];
  const managers = lateReport || attribution === 'pool' ? await managersOf(tx, teamId) : [];
  if (lateReport) for (const m of managers) notify.push({ memberId: m.id, kind: 'late_report', leadId: lead.id });
  if (attribution === 'pool') for (const m of managers) notify.push({ memberId: m.id, kind: 'phone_in_unattributed', leadId: lead.id });
  if (attribution === 'named_rep' && owner) notify.push({ memberId: owner.id, kind: 'assigned', leadId: lead.id });

  const ownerMember = owner ? await tx.member.findUniqueOrThrow({ where: { id: owner.id } }) : null;
  return {
    ok: true,
    lead: await loadView(tx, lead.id, actor),
    attribution,
    fromPool: existing !== null,
    lateReport,
    possibleDuplicates,
    quota: ownerMember ? await quotaUsage(tx, ownerMember, policy, input.sentAt) : null,
    undoUntil: plusMinutes(latestOf(now, input.sentAt), policy.undoWindowMinutes),
    notify,
  };
}

function plusMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

function latestOf(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

async function findNamedRep(tx: Tx, teamId: string, name: string): Promise<MemberRef | null> {
  const members = await tx.member.findMany({ where: { teamId, active: true }, select: { id: true, name: true } });
  const exact = members.filter((m) => m.name === name);
  if (exact.length === 1) return exact[0] ?? null;
  const partial = members.filter((m) => m.name.includes(name) || name.includes(m.name));
  return partial.length === 1 ? (partial[0] ?? null) : null;
}

/** Rules 1 and 2 for a phone we already know; null when the registration may take the lead. */
async function refuseExisting(
  tx: Tx,
  lead: Lead,
  claimantId: string,
  policy: Policy,
  sentAt: Date,
): Promise<RegisterResult | null> {
  const maskedPhone = maskPhone(lead.phone);
  if (lead.status === 'won') {
    return { ok: false, reason: 'won', leadId: lead.id, maskedPhone, owner: await memberRef(tx, lead.ownerId), wonAt: lead.wonAt };
  }
  if (isOpen(lead.status) && lead.ownerId) {
    if (lead.ownerId === claimantId) return { ok: false, reason: 'already_yours', leadId: lead.id, since: lead.registeredAt, maskedPhone };
    const owner = await memberRef(tx, lead.ownerId);
    if (owner) {
      return { ok: false, reason: 'owned', owner, since: lead.claimedAt ?? lead.registeredAt, maskedPhone, leadId: lead.id, status: lead.status };
    }
  }
  // In the pool (or lost): a new registration takes it, except by the rep who just lost it.
  if (lead.previousOwnerId === claimantId && lead.releasedAt) {
    const until = plusDays(policy, lead.releasedAt, policy.reclaimCooldownDays);
    if (sentAt.getTime() < until.getTime()) return { ok: false, reason: 'cooldown', leadId: lead.id, until, maskedPhone };
  }
  return null;
}

async function findPossibleDuplicates(tx: Tx, orgId: string, phone: string, input: RegisterInput): Promise<DuplicateHint[]> {
  const name = clean(input.name);
  const address = clean(input.address);
  if (!name || !address) return [];
  const same = await tx.lead.findMany({
    where: { orgId, name, address, phone: { not: phone }, erasedAt: null },
    include: { owner: { select: { id: true, name: true } } },
    take: 5,
  });
  return same.map((l) => ({ leadId: l.id, name: l.name, address: l.address, maskedPhone: maskPhone(l.phone), owner: l.owner }));
}

function deadlinesFor(owner: MemberRef | null, policy: Policy, level: string | null, at: Date, repNext: Date | null | undefined, milestoneReached: boolean) {
  if (!owner) return { protectionUntil: null, milestoneDeadline: null, nextFollowUpAt: null };
  return {
    protectionUntil: protectionFrom(policy, at),
    milestoneDeadline: milestoneReached ? null : milestoneDeadlineFrom(policy, at),
    nextFollowUpAt: nextFollowUpFrom(policy, level, at, repNext),
  };
}

async function create(
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

/** A pool (or lost) lead registered again: the registration takes it; what we knew is kept, gaps are filled. */
async function retake(
  tx: Tx,
  existing: Lead,
  input: RegisterInput,
  owner: MemberRef | null,
  actor: Actor,
  teamId: string,
  policy: Policy,
  lateReport: boolean,
  now: Date,
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
  await recordHistory(tx, lead, { kind: 'register', actorId: actor.id, at: input.sentAt, now, note: `from_${existing.status}` });
  await audit(tx, {
    orgId: actor.orgId,
    actorId: actor.id,
    action: 'register',
    leadId: lead.id,
    detail: { ownerId: owner?.id ?? null, lateReport, before: snapshotOf(existing) },
    at: now,
  });
  return lead;
}
