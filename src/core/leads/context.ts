import type { Tx } from '../../db/client.js';
import type { Lead, Prisma } from '../../generated/prisma/client.js';
import { readPolicy, type Policy } from '../policy.js';
import type { LeadStatus, LeadView, MemberRef } from './types.js';
import { phoneFor, type Viewer } from './visibility.js';

/** The member acting, with what every rule needs to know about them. */
export interface Actor extends Viewer {
  name: string;
  isStoreStaff: boolean;
}

export async function loadActor(tx: Tx, memberId: string): Promise<Actor | null> {
  const m = await tx.member.findUnique({ where: { id: memberId } });
  if (!m || !m.active) return null;
  return { id: m.id, orgId: m.orgId, teamId: m.teamId, role: m.role, name: m.name, isStoreStaff: m.isStoreStaff };
}

export async function teamPolicy(tx: Tx, teamId: string): Promise<Policy> {
  const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { policy: true } });
  return readPolicy(team.policy);
}

/**
 * Serializes everything about one key for the rest of the transaction. Two int4 halves keep
 * namespaces apart so a phone and a member id can never share a lock by accident.
 */
export async function lockKey(tx: Tx, namespace: string, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${namespace}), hashtext(${key}))`;
}

/** Row lock on a lead: every change to an existing lead goes through it, so checks stay true until commit. */
export async function lockLead(tx: Tx, leadId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Lead" WHERE id = ${leadId} FOR UPDATE`;
}

export const withPeople = {
  owner: { select: { id: true, name: true } },
  registrant: { select: { id: true, name: true } },
} as const satisfies Prisma.LeadInclude;

export type LeadWithPeople = Lead & { owner: MemberRef | null; registrant: MemberRef | null };

export function toView(lead: LeadWithPeople, viewer: Viewer | null): LeadView {
  const p = phoneFor(viewer, lead);
  return {
    id: lead.id,
    orgId: lead.orgId,
    teamId: lead.teamId,
    name: lead.name,
    gender: lead.gender,
    phone: p.phone,
    maskedPhone: p.masked,
    phoneVisible: p.visible,
    address: lead.address,
    product: lead.product,
    budgetMin: lead.budgetMin,
    budgetMax: lead.budgetMax,
    source: lead.source,
    store: lead.store,
    level: lead.level,
    notes: lead.notes,
    status: lead.status,
    owner: lead.owner ? { id: lead.owner.id, name: lead.owner.name } : null,
    registeredBy: lead.registrant ? { id: lead.registrant.id, name: lead.registrant.name } : null,
    registeredAt: lead.registeredAt,
    firstContactAt: lead.firstContactAt,
    lateReport: lead.lateReport,
    protectionUntil: lead.protectionUntil,
    milestoneDeadline: lead.milestoneDeadline,
    milestoneAt: lead.milestoneAt,
    lastFollowUpAt: lead.lastFollowUpAt,
    nextFollowUpAt: lead.nextFollowUpAt,
    followUpCount: lead.followUpCount,
    wonAt: lead.wonAt,
    lostAt: lead.lostAt,
    lostReason: lead.lostReason,
    releasedAt: lead.releasedAt,
    releaseReason: lead.releaseReason,
    claimedAt: lead.claimedAt,
  };
}

export async function loadView(tx: Tx, leadId: string, viewer: Viewer | null): Promise<LeadView> {
  const lead = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, include: withPeople });
  return toView(lead, viewer);
}

export async function memberRef(tx: Tx, memberId: string | null): Promise<MemberRef | null> {
  if (!memberId) return null;
  const m = await tx.member.findUnique({ where: { id: memberId }, select: { id: true, name: true } });
  return m ? { id: m.id, name: m.name } : null;
}

/** Managers and admins of a team, who rule on its disputes and hear about its late reports. */
export async function managersOf(tx: Tx, teamId: string): Promise<MemberRef[]> {
  return tx.member.findMany({
    where: { teamId, role: { in: ['manager', 'admin'] }, active: true },
    select: { id: true, name: true },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * The status a lead returns to when someone takes it over (claim, transfer, re-registration):
 * the furthest stage it had reached, so the pipeline does not forget a paid deposit.
 */
export async function resumedStatus(tx: Tx, lead: Pick<Lead, 'id' | 'milestoneAt' | 'followUpCount'>): Promise<LeadStatus> {
  const deposit = await tx.followUp.count({ where: { leadId: lead.id, milestone: 'deposit' } });
  if (deposit > 0) return 'deposit';
  if (lead.milestoneAt) return 'milestone';
  return lead.followUpCount > 0 ? 'following' : 'new';
}

export function latest(a: Date, b: Date | null | undefined): Date {
  return b && b.getTime() > a.getTime() ? b : a;
}
