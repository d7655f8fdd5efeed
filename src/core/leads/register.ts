import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import type { Lead } from '../../generated/prisma/client.js';
import { maskPhone, normalizePhone } from '../phone.js';
import type { Policy } from '../policy.js';
import { loadActor, loadView, lockKey, lockLead, managersOf, memberRef, teamPolicy } from './context.js';
import { isLateReport, plusDays } from './deadlines.js';
import { clean, missingFields } from './fields.js';
import { quotaUsage } from './quota.js';
import { create, retake } from './registerStore.js';
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
 *
 * "First" is by the time the message was sent: when a message sent earlier is processed later
 * (a platform redelivery, a queue), it displaces a registration that nothing has happened to yet;
 * the displaced rep is told (`notify` kind `superseded`) and may apply for a ruling.
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
  let displaced: MemberRef | null = null;
  if (existing) {
    await lockLead(tx, existing.id);
    const claimantId = owner?.id ?? actor.id;
    if (owner && (await sentEarlierThan(tx, existing, claimantId, input.sentAt))) displaced = await memberRef(tx, existing.ownerId);
    else {
      const refusal = await refuseExisting(tx, existing, claimantId, policy, input.sentAt);
      if (refusal) return refusal;
    }
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
    ? await retake(tx, existing, input, owner, actor, teamId, policy, lateReport, now, displaced !== null)
    : await create(tx, input, phone, owner, actor, teamId, policy, lateReport, now);

  const notify: Notify[] = [];
  const managers = lateReport || attribution === 'pool' ? await managersOf(tx, teamId) : [];
  if (lateReport) for (const m of managers) notify.push({ memberId: m.id, kind: 'late_report', leadId: lead.id });
  if (attribution === 'pool') for (const m of managers) notify.push({ memberId: m.id, kind: 'phone_in_unattributed', leadId: lead.id });
  if (attribution === 'named_rep' && owner) notify.push({ memberId: owner.id, kind: 'assigned', leadId: lead.id });
  if (displaced) notify.push({ memberId: displaced.id, kind: 'superseded', leadId: lead.id });

  const ownerMember = owner ? await tx.member.findUniqueOrThrow({ where: { id: owner.id } }) : null;
  return {
    ok: true,
    lead: await loadView(tx, lead.id, actor),
    attribution,
    fromPool: existing !== null && displaced === null,
    displaced,
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

/**
 * Whether this message was sent before the registration that currently holds the lead, and
 * that registration is still untouched (no follow-up, claim, transfer or anything since).
 */
async function sentEarlierThan(tx: Tx, lead: Lead, claimantId: string, sentAt: Date): Promise<boolean> {
  if (lead.status !== 'new' || !lead.ownerId || lead.ownerId === claimantId || lead.claimedAt || lead.followUpCount > 0) return false;
  if (lead.registeredAt.getTime() <= sentAt.getTime()) return false;
  const open = await tx.leadHistory.findFirst({ where: { leadId: lead.id, validTo: null } });
  return open?.changeKind === 'register' && open.ownerId === lead.ownerId;
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

