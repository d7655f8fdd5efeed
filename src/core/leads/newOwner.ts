import type { Tx } from '../../db/client.js';
import type { Lead } from '../../generated/prisma/client.js';
import type { Policy } from '../policy.js';
import { resumedStatus } from './context.js';
import { milestoneDeadlineFrom, nextFollowUpFrom, protectionFrom } from './deadlines.js';

/**
 * What a lead looks like the moment it gets a new owner (a claim from the pool, a ruling's
 * transfer, a handover): the status it had reached, and a fresh protection, milestone deadline
 * and next follow-up counted from now, so the new owner is not judged on the old owner's clock.
 */
export async function newOwnerTerms(tx: Tx, policy: Policy, lead: Lead, ownerId: string, now: Date) {
  return {
    ownerId,
    status: await resumedStatus(tx, lead),
    claimedAt: now,
    releasedAt: null,
    releaseReason: null,
    protectionUntil: protectionFrom(policy, now),
    milestoneDeadline: lead.milestoneAt ? null : milestoneDeadlineFrom(policy, now),
    nextFollowUpAt: nextFollowUpFrom(policy, lead.level, now),
  };
}
