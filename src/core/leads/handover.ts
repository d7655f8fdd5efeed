import { TX_OPTIONS, type Db } from '../../db/client.js';
import { audit } from '../audit.js';
import { loadActor, lockLead, teamPolicy } from './context.js';
import { recordHistory } from './history.js';
import { newOwnerTerms } from './newOwner.js';
import { type HandoverInput, type HandoverResult, type Notify, OPEN_STATUSES } from './types.js';

/**
 * A leaving rep's open leads go to a colleague (with fresh protection, as after a transfer) or
 * to the pool. Admins only; one audit entry names every lead moved.
 */
export async function handoverLeads(db: Db, input: HandoverInput, now: Date): Promise<HandoverResult> {
  return db.$transaction(async (tx): Promise<HandoverResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    if (actor.role !== 'admin') return { ok: false, reason: 'not_admin' };
    if (input.fromMemberId === input.toMemberId) return { ok: false, reason: 'same_member' };
    const from = await tx.member.findFirst({ where: { id: input.fromMemberId, orgId: actor.orgId } });
    const to = input.toMemberId ? await tx.member.findFirst({ where: { id: input.toMemberId, orgId: actor.orgId, active: true } }) : null;
    if (!from || (input.toMemberId && !to)) return { ok: false, reason: 'not_found' };

    const ids = await tx.lead.findMany({
      where: { ownerId: from.id, orgId: actor.orgId, status: { in: [...OPEN_STATUSES] }, erasedAt: null },
      select: { id: true },
      orderBy: { registeredAt: 'asc' },
    });
    const moved: string[] = [];
    for (const { id } of ids) {
      await lockLead(tx, id);
      const lead = await tx.lead.findUniqueOrThrow({ where: { id } });
      if (lead.ownerId !== from.id || !(OPEN_STATUSES as readonly string[]).includes(lead.status)) continue;
      const teamId = to?.teamId ?? lead.teamId;
      const policy = await teamPolicy(tx, teamId);
      const updated = await tx.lead.update({
        where: { id },
        data: to
          ? { ...(await newOwnerTerms(tx, policy, lead, to.id, now)), teamId, previousOwnerId: from.id }
          : {
              ownerId: null,
              previousOwnerId: from.id,
              status: 'released',
              releasedAt: now,
              releaseReason: 'handover',
              claimedAt: null,
              protectionUntil: null,
              milestoneDeadline: null,
              nextFollowUpAt: null,
            },
      });
      await recordHistory(tx, updated, { kind: 'handover', actorId: actor.id, at: now, now, note: to ? 'to_member' : 'to_pool' });
      moved.push(id);
    }
    await audit(tx, { orgId: actor.orgId, actorId: actor.id, action: 'handover', detail: { from: from.id, to: to?.id ?? null, leadIds: moved }, at: now });
    const notify: Notify[] = [];
    const [firstMoved] = moved;
    if (firstMoved) {
      notify.push({ memberId: from.id, kind: 'handover_out', leadId: firstMoved, leadIds: moved });
      if (to) notify.push({ memberId: to.id, kind: 'handover_in', leadId: firstMoved, leadIds: moved });
    }
    return { ok: true, moved, from: { id: from.id, name: from.name }, to: to ? { id: to.id, name: to.name } : null, notify };
  }, TX_OPTIONS);
}
