import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import type { Dispute, Lead, Prisma } from '../../generated/prisma/client.js';
import { audit } from '../audit.js';
import type { Policy } from '../policy.js';
import { type Actor, latest, loadActor, lockLead, managersOf, memberRef, teamPolicy } from './context.js';
import { plusDays } from './deadlines.js';
import { buildDisputeView, factsJson, ownerSnapshotJson } from './disputeView.js';
import { clean } from './fields.js';
import { recordHistory } from './history.js';
import { newOwnerTerms } from './newOwner.js';
import { resolveLeadRef, resolveWorkableLocked } from './ref.js';
import {
  type ApplyInput,
  type ApplyResult,
  type DecideInput,
  type DecideResult,
  type DisputeStatus,
  type ExtensionRequestInput,
  type ExtensionRequestResult,
  type ExtensionTarget,
  type Notify,
  OPEN_STATUSES,
} from './types.js';
import { isTeamManager } from './visibility.js';

export { findDisputesToRemind, findStaleApplications, getDispute, markReminded, setDisputeCard } from './disputeView.js';

const isOpen = (lead: Lead) => (OPEN_STATUSES as readonly string[]).includes(lead.status) && lead.ownerId !== null;

async function pendingFor(tx: Tx, leadId: string, applicantId: string, kind: Dispute['kind']): Promise<Dispute | null> {
  return tx.dispute.findFirst({ where: { leadId, applicantId, kind, status: 'pending' } });
}

/** Stores an application against the lead's current owner and tells the team's managers. */
async function openApplication(
  tx: Tx,
  lead: Lead,
  applicantId: string,
  notifyKind: 'ruling_requested' | 'extension_requested',
  data: Omit<Prisma.DisputeUncheckedCreateInput, 'orgId' | 'teamId' | 'leadId' | 'applicantId' | 'ownerId'>,
) {
  const d = await tx.dispute.create({
    data: { ...data, orgId: lead.orgId, teamId: lead.teamId, leadId: lead.id, applicantId, ownerId: lead.ownerId },
  });
  const managers = await managersOf(tx, lead.teamId);
  return {
    ok: true as const,
    dispute: await buildDisputeView(tx, d),
    managers,
    notify: managers.map((m) => ({ memberId: m.id, kind: notifyKind, leadId: lead.id, disputeId: d.id })),
  };
}

/**
 * Rule 9: the later reporter asks the team's managers to rule. The lead's row lock makes a
 * double-tapped "apply" create one application, not two.
 */
export async function applyForRuling(db: Db, input: ApplyInput, now: Date): Promise<ApplyResult> {
  return db.$transaction(async (tx): Promise<ApplyResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    const r = await resolveLeadRef(tx, actor, input.lead, 'org');
    if (!r.ok) return r.reason === 'ambiguous' ? r : { ok: false, reason: 'not_found' };
    await lockLead(tx, r.lead.id);
    const lead = await tx.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    if (lead.ownerId === actor.id) return { ok: false, reason: 'own_lead', leadId: lead.id };
    if (!isOpen(lead)) return { ok: false, reason: 'not_owned', leadId: lead.id, status: lead.status };
    const existing = await pendingFor(tx, lead.id, actor.id, 'ownership');
    if (existing) return { ok: false, reason: 'already_pending', disputeId: existing.id, dispute: await buildDisputeView(tx, existing) };
    return openApplication(tx, lead, actor.id, 'ruling_requested', {
      kind: 'ownership' as const,
      reason: clean(input.reason),
      appliedAt: now,
      facts: { ...factsJson(input.facts), ...ownerSnapshotJson(lead) },
    });
  }, TX_OPTIONS);
}

/** What an extension would add days to: the milestone deadline while one is pending, else protection. */
function defaultTarget(lead: Lead): ExtensionTarget {
  return lead.milestoneDeadline && !lead.milestoneAt ? 'milestone' : 'protection';
}

/** The owner asks for more time before a lapse or milestone deadline; managers decide with decideDispute. */
export async function requestExtension(db: Db, input: ExtensionRequestInput, now: Date): Promise<ExtensionRequestResult> {
  return db.$transaction(async (tx): Promise<ExtensionRequestResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    const r = await resolveWorkableLocked(tx, actor, input.lead);
    if (!r.ok) return r;
    const lead = r.lead;
    const policy = await teamPolicy(tx, lead.teamId);
    const target = input.target ?? defaultTarget(lead);
    if (target === 'milestone' && (!lead.milestoneDeadline || lead.milestoneAt)) return { ok: false, reason: 'nothing_to_extend', leadId: lead.id };
    const existing = await pendingFor(tx, lead.id, actor.id, 'extension');
    if (existing) return { ok: false, reason: 'already_pending', disputeId: existing.id, dispute: await buildDisputeView(tx, existing) };
    return openApplication(tx, lead, actor.id, 'extension_requested', {
      kind: 'extension' as const,
      reason: clean(input.reason),
      appliedAt: now,
      extensionDays: input.days ?? policy.defaultExtensionDays,
      extensionTarget: target,
    });
  }, TX_OPTIONS);
}

const STATUS: Record<DecideInput['decision'], DisputeStatus> = { keep: 'kept', transfer: 'transferred', extend: 'extended', refuse: 'refused' };

/**
 * A manager's ruling. Only managers (or admins) of the dispute's team may decide; the first
 * decision wins: the lead is locked, the dispute re-read, and only a still-pending dispute is
 * decided, so a double-click or a second manager is told who decided and nothing changes.
 */
export async function decideDispute(db: Db, input: DecideInput, now: Date): Promise<DecideResult> {
  return db.$transaction(async (tx): Promise<DecideResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    const first = await tx.dispute.findFirst({ where: { id: input.disputeId, orgId: actor.orgId } });
    if (!first) return { ok: false, reason: 'not_found' };
    if (!isTeamManager(actor, first.teamId)) return { ok: false, reason: 'not_manager', teamId: first.teamId };
    await lockLead(tx, first.leadId);
    const d = await tx.dispute.findUniqueOrThrow({ where: { id: first.id } });
    if (d.status !== 'pending') {
      return { ok: false, reason: 'already_decided', decidedBy: await memberRef(tx, d.decidedById), decidedAt: d.decidedAt, status: d.status };
    }
    const lead = await tx.lead.findUniqueOrThrow({ where: { id: d.leadId } });
    const invalid = { ok: false, reason: 'invalid_decision', decision: input.decision, kind: d.kind } as const;
    if (d.kind === 'extension' && (input.decision === 'keep' || input.decision === 'transfer')) return invalid;
    if ((input.decision === 'transfer' || input.decision === 'extend') && (lead.erasedAt || lead.status === 'won' || lead.status === 'lost')) return invalid;
    if (input.decision === 'extend' && !isOpen(lead)) return invalid;

    const policy = await teamPolicy(tx, d.teamId);
    const days = input.days ?? d.extensionDays ?? policy.defaultExtensionDays;
    const target = input.target ?? (d.extensionTarget === 'milestone' || d.extensionTarget === 'protection' ? d.extensionTarget : defaultTarget(lead));
    const decided = await tx.dispute.updateMany({
      where: { id: d.id, status: 'pending' },
      data: {
        status: STATUS[input.decision],
        decidedById: actor.id,
        decidedAt: now,
        ...(input.decision === 'extend' ? { extensionDays: days, extensionTarget: target } : {}),
      },
    });
    if (decided.count !== 1) throw new Error(`dispute ${d.id} changed under its lead's lock`);

    let newOwnerId = lead.ownerId;
    if (input.decision === 'transfer') newOwnerId = await transfer(tx, lead, d.applicantId, actor, policy, now);
    if (input.decision === 'extend') await extend(tx, lead, target, days, actor, policy, now);
    await audit(tx, {
      orgId: d.orgId,
      actorId: actor.id,
      action: 'ruling',
      leadId: d.leadId,
      detail: { disputeId: d.id, kind: d.kind, decision: input.decision, applicantId: d.applicantId, ownerId: lead.ownerId, ...(input.decision === 'extend' ? { days, target } : {}) },
      at: now,
    });
    const told = new Set([d.applicantId, ...(d.ownerId ? [d.ownerId] : []), ...(lead.ownerId ? [lead.ownerId] : [])]);
    const notify: Notify[] = [...told].map((memberId) => ({ memberId, kind: 'dispute_decided', leadId: d.leadId, disputeId: d.id }));
    const after = await tx.dispute.findUniqueOrThrow({ where: { id: d.id } });
    return { ok: true, dispute: await buildDisputeView(tx, after), previousOwnerId: lead.ownerId, newOwnerId, notify };
  }, TX_OPTIONS);
}

/** Ownership moves to the applicant with a fresh protection, as if they had just registered it. */
async function transfer(tx: Tx, lead: Lead, toId: string, actor: Actor, policy: Policy, now: Date): Promise<string> {
  const updated = await tx.lead.update({
    where: { id: lead.id },
    data: { ...(await newOwnerTerms(tx, policy, lead, toId, now)), previousOwnerId: lead.ownerId ?? lead.previousOwnerId },
  });
  await recordHistory(tx, updated, { kind: 'transfer', actorId: actor.id, at: now, now, note: 'ruling' });
  await audit(tx, { orgId: lead.orgId, actorId: actor.id, action: 'transfer', leadId: lead.id, detail: { from: lead.ownerId, to: toId, by: 'ruling' }, at: now });
  return toId;
}

/** Adds days to a deadline; a deadline already passed (but not yet swept) counts from now. */
async function extend(tx: Tx, lead: Lead, target: ExtensionTarget, days: number, actor: Actor, policy: Policy, now: Date): Promise<void> {
  const useMilestone = target === 'milestone' && lead.milestoneDeadline !== null && lead.milestoneAt === null;
  const current = useMilestone ? lead.milestoneDeadline : lead.protectionUntil;
  const until = plusDays(policy, latest(now, current), days);
  const updated = await tx.lead.update({
    where: { id: lead.id },
    data: useMilestone ? { milestoneDeadline: until } : { protectionUntil: until },
  });
  await recordHistory(tx, updated, { kind: 'extend', actorId: actor.id, at: now, now, note: `${useMilestone ? 'milestone' : 'protection'}+${days}d` });
}
