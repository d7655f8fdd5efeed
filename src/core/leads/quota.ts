import type { Db, Tx } from '../../db/client.js';
import { DEFAULT_POLICY, type Policy } from '../policy.js';
import { monthWindow } from './deadlines.js';
import { teamPolicy } from './context.js';
import type { QuotaStatus } from './types.js';

/**
 * Rule 6: registrations a rep made this calendar month (team time zone), counted from the
 * history's `register` rows that made them the owner; a lead that is now won no longer counts
 * (成交后即刻可补充). Store staff (导购) are exempt.
 */
export async function quotaUsage(
  tx: Tx,
  member: { id: string; isStoreStaff: boolean },
  policy: Policy,
  at: Date,
): Promise<QuotaStatus> {
  const { start, end } = monthWindow(policy, at);
  const exempt = member.isStoreStaff || policy.monthlyQuota === null;
  const used = await tx.leadHistory.count({
    where: {
      ownerId: member.id,
      changeKind: 'register',
      validFrom: { gte: start, lt: end },
      lead: { status: { not: 'won' } },
    },
  });
  const quota = exempt ? null : policy.monthlyQuota;
  return { exempt, used, quota, remaining: quota === null ? null : Math.max(0, quota - used), monthStart: start, resetsAt: end };
}

/** A member's quota in the month containing `now` (for digests and the success card). */
export async function quotaStatus(db: Db, memberId: string, now: Date): Promise<QuotaStatus> {
  const m = await db.member.findUniqueOrThrow({ where: { id: memberId } });
  return quotaUsage(db, m, m.teamId ? await teamPolicy(db, m.teamId) : DEFAULT_POLICY, now);
}
