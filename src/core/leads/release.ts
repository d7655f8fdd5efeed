import { TX_OPTIONS, type Db } from '../../db/client.js';
import { audit } from '../audit.js';
import { readPolicy } from '../policy.js';
import { lockLead } from './context.js';
import { plusDays } from './deadlines.js';
import { recordHistory } from './history.js';
import { type DeadlineWarning, type DueFollowUp, OPEN_STATUSES, type ReleaseResult } from './types.js';

type Sweep = 'lapse' | 'milestone';

/**
 * Rule 4 (lapse → released) and rule 5 (missed milestone → expired). The lead is locked and
 * checked again, so a follow-up or milestone that arrived after the sweep picked the lead up
 * wins and this is a no-op; running it twice is also a no-op.
 */
async function sendToPool(db: Db, leadId: string, now: Date, sweep: Sweep): Promise<ReleaseResult> {
  return db.$transaction(async (tx) => {
    await lockLead(tx, leadId);
    const lead = await tx.lead.findUnique({ where: { id: leadId } });
    if (!lead || lead.erasedAt) return { changed: false, leadId, reason: 'not_found' } as const;
    if (!(OPEN_STATUSES as readonly string[]).includes(lead.status) || !lead.ownerId) {
      return { changed: false, leadId, reason: 'not_open' } as const;
    }
    const deadline = sweep === 'lapse' ? lead.protectionUntil : lead.milestoneDeadline;
    const milestoneMet = sweep === 'milestone' && lead.milestoneAt !== null;
    if (!deadline || deadline.getTime() > now.getTime() || milestoneMet) return { changed: false, leadId, reason: 'not_due' } as const;

    const status = sweep === 'lapse' ? 'released' : 'expired';
    const releaseReason = sweep === 'lapse' ? 'lapse' : 'milestone_missed';
    // The lead left its owner at the deadline, whenever the sweep happened to run.
    const updated = await tx.lead.update({
      where: { id: leadId },
      data: {
        status,
        ownerId: null,
        previousOwnerId: lead.ownerId,
        releasedAt: deadline,
        releaseReason,
        protectionUntil: null,
        milestoneDeadline: null,
        nextFollowUpAt: null,
        claimedAt: null,
      },
    });
    await recordHistory(tx, updated, { kind: sweep === 'lapse' ? 'release' : 'expire', actorId: null, at: deadline, now, note: releaseReason });
    await audit(tx, {
      orgId: lead.orgId,
      actorId: null,
      action: sweep === 'lapse' ? 'release' : 'expire',
      leadId,
      detail: { previousOwnerId: lead.ownerId, deadline: deadline.toISOString() },
      at: now,
    });
    return {
      changed: true,
      leadId,
      status,
      previousOwnerId: lead.ownerId,
      notify: [{ memberId: lead.ownerId, kind: status, leadId }],
    } as const;
  }, TX_OPTIONS);
}

export async function releaseIfLapsed(db: Db, leadId: string, now: Date): Promise<ReleaseResult> {
  return sendToPool(db, leadId, now, 'lapse');
}

export async function expireIfMissedMilestone(db: Db, leadId: string, now: Date): Promise<ReleaseResult> {
  return sendToPool(db, leadId, now, 'milestone');
}

const open = { status: { in: [...OPEN_STATUSES] }, ownerId: { not: null }, erasedAt: null };

/** Leads whose protection has run out, oldest first, for a sweep. */
export async function findDueForRelease(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await db.lead.findMany({
    where: { ...open, protectionUntil: { lte: now } },
    select: { id: true },
    orderBy: { protectionUntil: 'asc' },
    take: limit,
  });
  return rows.map((r) => r.id);
}

/** Leads past their milestone deadline with no visit or deposit logged. */
export async function findDueForExpiry(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await db.lead.findMany({
    where: { ...open, milestoneAt: null, milestoneDeadline: { lte: now } },
    select: { id: true },
    orderBy: { milestoneDeadline: 'asc' },
    take: limit,
  });
  return rows.map((r) => r.id);
}

/**
 * Leads inside their warning window right now: protection ends within lapseWarningDays, or the
 * milestone deadline within milestoneWarningDays (each team's own policy). The same lead keeps
 * appearing until the deadline moves or passes: de-duplicate on (leadId, kind, deadline).
 */
export async function findDeadlineWarnings(db: Db, now: Date): Promise<DeadlineWarning[]> {
  const teams = await db.team.findMany({ select: { id: true, policy: true } });
  const out: DeadlineWarning[] = [];
  for (const team of teams) {
    const policy = readPolicy(team.policy);
    const lapseHorizon = plusDays(policy, now, policy.lapseWarningDays);
    const milestoneHorizon = plusDays(policy, now, policy.milestoneWarningDays);
    const [lapsing, missing] = await Promise.all([
      db.lead.findMany({ where: { ...open, teamId: team.id, protectionUntil: { gt: now, lte: lapseHorizon } } }),
      db.lead.findMany({ where: { ...open, teamId: team.id, milestoneAt: null, milestoneDeadline: { gt: now, lte: milestoneHorizon } } }),
    ]);
    for (const l of lapsing) {
      if (!l.ownerId || !l.protectionUntil) continue;
      const deadline = l.protectionUntil;
      out.push({ leadId: l.id, orgId: l.orgId, teamId: l.teamId, ownerId: l.ownerId, kind: 'lapse', deadline, warnAt: plusDays(policy, deadline, -policy.lapseWarningDays) });
    }
    for (const l of missing) {
      if (!l.ownerId || !l.milestoneDeadline) continue;
      const deadline = l.milestoneDeadline;
      out.push({ leadId: l.id, orgId: l.orgId, teamId: l.teamId, ownerId: l.ownerId, kind: 'milestone', deadline, warnAt: plusDays(policy, deadline, -policy.milestoneWarningDays) });
    }
  }
  return out;
}

/** Open leads whose next follow-up is due; de-duplicate reminders on (leadId, nextFollowUpAt). */
export async function findDueFollowUps(db: Db, now: Date, limit = 1000): Promise<DueFollowUp[]> {
  const rows = await db.lead.findMany({
    where: { ...open, nextFollowUpAt: { lte: now } },
    select: { id: true, orgId: true, teamId: true, ownerId: true, nextFollowUpAt: true },
    orderBy: { nextFollowUpAt: 'asc' },
    take: limit,
  });
  const due: DueFollowUp[] = [];
  for (const r of rows) {
    if (r.ownerId && r.nextFollowUpAt) due.push({ leadId: r.id, orgId: r.orgId, teamId: r.teamId, ownerId: r.ownerId, nextFollowUpAt: r.nextFollowUpAt });
  }
  return due;
}
