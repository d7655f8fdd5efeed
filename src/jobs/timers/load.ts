import { readPolicy, type Policy } from '../../core/policy.js';
import type { Db } from '../../db/client.js';
import type { TimerLead } from './plan.js';

/** A lead as the timers see it: its deadlines, its team's policy, and who to tell. */
export interface LoadedLead {
  timer: TimerLead;
  policy: Policy;
  orgId: string;
  teamId: string;
  platform: 'feishu' | 'wecom' | 'local';
  tenantKey: string;
  name: string;
  phone: string;
  product: string | null;
  level: string | null;
  followUpCount: number;
  lastFollowUpAt: Date | null;
  /** Registration or claim, whichever is later: where protection started if no follow-up since. */
  startedAt: Date;
  owner: { id: string; platformUserId: string; name: string } | null;
}

const select = {
  id: true,
  orgId: true,
  teamId: true,
  status: true,
  ownerId: true,
  name: true,
  phone: true,
  product: true,
  level: true,
  followUpCount: true,
  lastFollowUpAt: true,
  registeredAt: true,
  claimedAt: true,
  nextFollowUpAt: true,
  protectionUntil: true,
  milestoneDeadline: true,
  milestoneAt: true,
  team: { select: { policy: true } },
  org: { select: { platform: true, tenantKey: true } },
  owner: { select: { id: true, platformUserId: true, name: true } },
  // Whether the rep typed the next follow-up time: the latest follow-up carries it.
  followUps: { select: { nextFollowUpAt: true }, orderBy: { at: 'desc' as const }, take: 1 },
} as const;

export async function loadLeads(db: Db, ids: readonly string[]): Promise<LoadedLead[]> {
  if (ids.length === 0) return [];
  const rows = await db.lead.findMany({ where: { id: { in: [...ids] } }, select });
  const policies = new Map<string, Policy>();
  return rows.map((r) => {
    const policy = policies.get(r.teamId) ?? readPolicy(r.team.policy);
    policies.set(r.teamId, policy);
    const repGiven = r.followUps[0]?.nextFollowUpAt ?? null;
    return {
      timer: {
        id: r.id,
        status: r.status,
        ownerId: r.ownerId,
        nextFollowUpAt: r.nextFollowUpAt,
        nextFollowUpSetByRep: repGiven !== null && r.nextFollowUpAt !== null && repGiven.getTime() === r.nextFollowUpAt.getTime(),
        protectionUntil: r.protectionUntil,
        milestoneDeadline: r.milestoneDeadline,
        milestoneAt: r.milestoneAt,
      },
      policy,
      orgId: r.orgId,
      teamId: r.teamId,
      platform: r.org.platform,
      tenantKey: r.org.tenantKey,
      name: r.name,
      phone: r.phone,
      product: r.product,
      level: r.level,
      followUpCount: r.followUpCount,
      lastFollowUpAt: r.lastFollowUpAt,
      startedAt: r.claimedAt && r.claimedAt > r.registeredAt ? r.claimedAt : r.registeredAt,
      owner: r.owner,
    };
  });
}

export async function loadLead(db: Db, id: string): Promise<LoadedLead | null> {
  return (await loadLeads(db, [id]))[0] ?? null;
}
