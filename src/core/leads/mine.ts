import type { Db } from '../../db/client.js';
import { loadActor, toView, withPeople } from './context.js';
import { isOverdue } from './deadlines.js';
import { type MyLeadsResult, OPEN_STATUSES } from './types.js';

/** 我的客户: open leads, soonest follow-up first, overdue ones flagged. */
export async function listMyLeads(db: Db, input: { actorId: string; limit?: number }, now: Date): Promise<MyLeadsResult> {
  const actor = await loadActor(db, input.actorId);
  if (!actor) return { ok: false, reason: 'unknown_member' };
  const where = { ownerId: actor.id, orgId: actor.orgId, status: { in: [...OPEN_STATUSES] }, erasedAt: null };
  const [leads, total, overdue] = await Promise.all([
    db.lead.findMany({
      where,
      include: withPeople,
      orderBy: [{ nextFollowUpAt: { sort: 'asc', nulls: 'last' } }, { registeredAt: 'asc' }],
      take: input.limit ?? 50,
    }),
    db.lead.count({ where }),
    db.lead.count({ where: { ...where, nextFollowUpAt: { lte: now } } }),
  ]);
  return {
    ok: true,
    leads: leads.map((l) => ({ ...toView(l, actor), overdue: isOverdue(l.nextFollowUpAt, now) })),
    total,
    overdue,
  };
}
