import { TX_OPTIONS, type Db } from '../../db/client.js';
import { audit } from '../audit.js';
import { maskPhone } from '../phone.js';
import type { Policy } from '../policy.js';
import type { Tx } from '../../db/client.js';
import { loadActor, loadView, lockKey, lockLead, memberRef, teamPolicy } from './context.js';
import { dayWindow, plusDays } from './deadlines.js';
import { recordHistory } from './history.js';
import { newOwnerTerms } from './newOwner.js';
import { type ClaimResult, type PoolItem, type PoolPage, POOL_STATUSES } from './types.js';

async function claimsToday(tx: Tx, memberId: string, policy: Policy, now: Date): Promise<number> {
  const day = dayWindow(policy, now);
  return tx.leadHistory.count({ where: { actorId: memberId, changeKind: 'claim', validFrom: { gte: day.start, lt: day.end } } });
}

/** 公海: the team's released and expired leads, newest first, phones masked. */
export async function listPool(db: Db, input: { actorId: string; page?: number; pageSize?: number }, now: Date): Promise<PoolPage> {
  const actor = await loadActor(db, input.actorId);
  if (!actor) return { ok: false, reason: 'unknown_member' };
  if (!actor.teamId) return { ok: false, reason: 'no_team' };
  const policy = await teamPolicy(db, actor.teamId);
  const pageSize = Math.min(Math.max(input.pageSize ?? 10, 1), 50);
  const page = Math.max(input.page ?? 1, 1);
  const where = { teamId: actor.teamId, orgId: actor.orgId, status: { in: [...POOL_STATUSES] }, erasedAt: null };
  const [leads, total, used] = await Promise.all([
    db.lead.findMany({
      where,
      orderBy: [{ releasedAt: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.lead.count({ where }),
    claimsToday(db, actor.id, policy, now),
  ]);
  const previous = await db.member.findMany({
    where: { id: { in: leads.flatMap((l) => (l.previousOwnerId ? [l.previousOwnerId] : [])) } },
    select: { id: true, name: true },
  });
  const byId = new Map(previous.map((m) => [m.id, m]));
  const items: PoolItem[] = leads.map((l) => ({
    leadId: l.id,
    name: l.name,
    maskedPhone: maskPhone(l.phone),
    status: l.status === 'expired' ? 'expired' : 'released',
    releasedAt: l.releasedAt,
    releaseReason: l.releaseReason,
    level: l.level,
    product: l.product,
    address: l.address,
    source: l.source,
    followUpCount: l.followUpCount,
    previousOwner: l.previousOwnerId ? (byId.get(l.previousOwnerId) ?? null) : null,
  }));
  return { ok: true, items, page, pageSize, total, claimsToday: used, claimsPerDay: policy.poolClaimsPerDay };
}

/**
 * Rule 10. The lead's row lock makes two claims of one lead take turns: the second finds it no
 * longer in the pool and is told `taken`. The member's lock keeps two claims of different
 * leads by one rep from both slipping under the daily limit.
 */
export async function claimFromPool(db: Db, input: { actorId: string; leadId: string }, now: Date): Promise<ClaimResult> {
  return db.$transaction(async (tx): Promise<ClaimResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    await lockLead(tx, input.leadId);
    const lead = await tx.lead.findFirst({ where: { id: input.leadId, orgId: actor.orgId, erasedAt: null } });
    if (!lead) return { ok: false, reason: 'not_found' };
    if (lead.teamId !== actor.teamId) return { ok: false, reason: 'other_team', leadId: lead.id };
    if (!(POOL_STATUSES as readonly string[]).includes(lead.status) || lead.ownerId) {
      return { ok: false, reason: 'taken', leadId: lead.id, owner: await memberRef(tx, lead.ownerId), status: lead.status };
    }
    const policy = await teamPolicy(tx, lead.teamId);
    if (lead.previousOwnerId === actor.id && lead.releasedAt) {
      const until = plusDays(policy, lead.releasedAt, policy.reclaimCooldownDays);
      if (now.getTime() < until.getTime()) return { ok: false, reason: 'cooldown', leadId: lead.id, until, maskedPhone: maskPhone(lead.phone) };
    }
    await lockKey(tx, 'member-claims', actor.id);
    const used = await claimsToday(tx, actor.id, policy, now);
    if (used >= policy.poolClaimsPerDay) {
      return { ok: false, reason: 'claim_limit', used, limit: policy.poolClaimsPerDay, resetsAt: dayWindow(policy, now).end };
    }
    const updated = await tx.lead.update({
      where: { id: lead.id },
      data: await newOwnerTerms(tx, policy, lead, actor.id, now),
    });
    await recordHistory(tx, updated, { kind: 'claim', actorId: actor.id, at: now, now, note: lead.releaseReason });
    await audit(tx, { orgId: actor.orgId, actorId: actor.id, action: 'claim', leadId: lead.id, detail: { from: lead.status }, at: now });
    return {
      ok: true,
      lead: await loadView(tx, lead.id, actor),
      claimsToday: used + 1,
      claimsPerDay: policy.poolClaimsPerDay,
      notify: lead.previousOwnerId && lead.previousOwnerId !== actor.id ? [{ memberId: lead.previousOwnerId, kind: 'claimed', leadId: lead.id }] : [],
    };
  }, TX_OPTIONS);
}
