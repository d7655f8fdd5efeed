import { z } from 'zod';
import type { Db, Tx } from '../../db/client.js';
import type { Dispute } from '../../generated/prisma/client.js';
import { readPolicy } from '../policy.js';
import { loadView, managersOf, memberRef } from './context.js';
import type { ApplicantFacts, DisputeView, ExtensionTarget, SideFacts, StaleApplication } from './types.js';

/** Dispute.facts as stored (JSON): dates travel as ISO strings. */
const factsSchema = z.object({
  sentAt: z.coerce.date().nullish(),
  source: z.string().nullish(),
  firstContactAt: z.coerce.date().nullish(),
  note: z.string().nullish(),
});

/**
 * The owner's side as it stood when the application was made: a transfer later rewrites the
 * lead's registration, and the decided card must still show what the managers ruled on.
 */
const ownerSnapshotSchema = z.object({
  ownerRegisteredAt: z.coerce.date().nullish(),
  ownerSource: z.string().nullish(),
});

export function ownerSnapshotJson(lead: { registeredAt: Date; claimedAt: Date | null; source: string | null }): {
  ownerRegisteredAt: string;
  ownerSource?: string;
} {
  return {
    ownerRegisteredAt: (lead.claimedAt ?? lead.registeredAt).toISOString(),
    ...(lead.source ? { ownerSource: lead.source } : {}),
  };
}

export function readFacts(json: unknown): ApplicantFacts {
  const parsed = factsSchema.safeParse(json ?? {});
  return parsed.success ? parsed.data : {};
}

export function factsJson(f: ApplicantFacts | undefined): { sentAt?: string; source?: string; firstContactAt?: string; note?: string } {
  if (!f) return {};
  return {
    ...(f.sentAt ? { sentAt: f.sentAt.toISOString() } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.firstContactAt ? { firstContactAt: f.firstContactAt.toISOString() } : {}),
    ...(f.note ? { note: f.note } : {}),
  };
}

async function sideOf(tx: Tx, leadId: string, memberId: string | null): Promise<Omit<SideFacts, 'registeredAt' | 'source'>> {
  if (!memberId) return { member: null, followUpCount: 0, lastFollowUpAt: null, milestones: [] };
  const followUps = await tx.followUp.findMany({ where: { leadId, memberId }, orderBy: { at: 'asc' }, select: { at: true, milestone: true } });
  return {
    member: await memberRef(tx, memberId),
    followUpCount: followUps.length,
    lastFollowUpAt: followUps.at(-1)?.at ?? null,
    milestones: followUps.flatMap((f) => (f.milestone === 'visit' || f.milestone === 'deposit' ? [{ kind: f.milestone, at: f.at }] : [])),
  };
}

function target(v: string | null): ExtensionTarget | null {
  return v === 'milestone' || v === 'protection' ? v : null;
}

/** Both sides of a collision, as the ruling card shows them (phones masked: it goes to a group chat). */
export async function buildDisputeView(tx: Tx, d: Dispute): Promise<DisputeView> {
  const lead = await tx.lead.findUniqueOrThrow({ where: { id: d.leadId } });
  const team = await tx.team.findUniqueOrThrow({ where: { id: d.teamId }, select: { groupChatId: true } });
  const facts = readFacts(d.facts);
  const snapshot = ownerSnapshotSchema.safeParse(d.facts ?? {});
  const applicant = await memberRef(tx, d.applicantId);
  // Applications stored before the snapshot existed fall back to the lead while the owner holds it.
  const stillOwner = lead.ownerId === d.ownerId || d.status === 'pending';
  const ownerRegistered =
    (snapshot.success ? snapshot.data.ownerRegisteredAt : null) ?? (stillOwner ? (lead.claimedAt ?? lead.registeredAt) : null);
  const ownerSource = (snapshot.success ? snapshot.data.ownerSource : null) ?? (stillOwner ? lead.source : null);
  return {
    id: d.id,
    orgId: d.orgId,
    teamId: d.teamId,
    leadId: d.leadId,
    kind: d.kind,
    status: d.status,
    applicant: applicant ?? { id: d.applicantId, name: '' },
    owner: await memberRef(tx, d.ownerId),
    reason: d.reason,
    appliedAt: d.appliedAt,
    decidedBy: await memberRef(tx, d.decidedById),
    decidedAt: d.decidedAt,
    extensionDays: d.extensionDays,
    extensionTarget: target(d.extensionTarget),
    cardMessageId: d.cardMessageId,
    remindedAt: d.remindedAt,
    groupChatId: team.groupChatId,
    sides: {
      owner: { ...(await sideOf(tx, d.leadId, d.ownerId)), registeredAt: ownerRegistered, source: ownerSource },
      applicant: {
        ...(await sideOf(tx, d.leadId, d.applicantId)),
        registeredAt: facts.sentAt ?? d.appliedAt,
        source: facts.source ?? null,
      },
    },
    lead: await loadView(tx, d.leadId, null),
  };
}

export async function getDispute(db: Db, disputeId: string): Promise<DisputeView | null> {
  const d = await db.dispute.findUnique({ where: { id: disputeId } });
  return d ? buildDisputeView(db, d) : null;
}

/** Where the ruling card was posted, so a decision can update it for everyone. */
export async function setDisputeCard(db: Db, disputeId: string, cardMessageId: string): Promise<void> {
  await db.dispute.update({ where: { id: disputeId }, data: { cardMessageId } });
}

async function toStale(db: Db, d: Dispute & { team: { groupChatId: string | null } }): Promise<StaleApplication> {
  return {
    disputeId: d.id,
    orgId: d.orgId,
    teamId: d.teamId,
    leadId: d.leadId,
    kind: d.kind,
    appliedAt: d.appliedAt,
    remindedAt: d.remindedAt,
    groupChatId: d.team.groupChatId,
    cardMessageId: d.cardMessageId,
    managers: await managersOf(db, d.teamId),
  };
}

/** Pending applications not decided (nor reminded about) since `olderThan`. */
export async function findStaleApplications(db: Db, olderThan: Date): Promise<StaleApplication[]> {
  const rows = await db.dispute.findMany({
    where: { status: 'pending', appliedAt: { lte: olderThan }, OR: [{ remindedAt: null }, { remindedAt: { lte: olderThan } }] },
    include: { team: { select: { groupChatId: true } } },
    orderBy: { appliedAt: 'asc' },
  });
  return Promise.all(rows.map((d) => toStale(db, d)));
}

/** As findStaleApplications, with each team's own disputeReminderHours. */
export async function findDisputesToRemind(db: Db, now: Date): Promise<StaleApplication[]> {
  const rows = await db.dispute.findMany({
    where: { status: 'pending', appliedAt: { lte: now } },
    include: { team: { select: { groupChatId: true, policy: true } } },
    orderBy: { appliedAt: 'asc' },
  });
  const due = rows.filter((d) => {
    const hours = readPolicy(d.team.policy).disputeReminderHours;
    const since = d.remindedAt ?? d.appliedAt;
    return since.getTime() + hours * 3_600_000 <= now.getTime();
  });
  return Promise.all(due.map((d) => toStale(db, d)));
}

/** Records a reminder; false when the dispute was decided meanwhile (then say nothing). */
export async function markReminded(db: Db, disputeId: string, now: Date): Promise<boolean> {
  const r = await db.dispute.updateMany({ where: { id: disputeId, status: 'pending' }, data: { remindedAt: now } });
  return r.count === 1;
}
