import { z } from 'zod';
import { TX_OPTIONS, type Db } from '../../db/client.js';
import { audit } from '../audit.js';
import { loadActor, lockLead, teamPolicy } from './context.js';
import { recordHistory } from './history.js';
import { dropOpenRegistration } from './registerStore.js';
import type { UndoResult } from './types.js';

const date = z.coerce.date().nullable();
/** The pre-registration state that register.ts keeps in the audit log (snapshotOf). */
const snapshotSchema = z.object({
  status: z.enum(['new', 'following', 'milestone', 'deposit', 'won', 'lost', 'released', 'expired']),
  ownerId: z.string().nullable(),
  registeredById: z.string().nullable(),
  registeredAt: z.coerce.date(),
  lateReport: z.boolean(),
  protectionUntil: date,
  milestoneDeadline: date,
  nextFollowUpAt: date,
  releasedAt: date,
  releaseReason: z.string().nullable(),
  previousOwnerId: z.string().nullable(),
  claimedAt: date,
  lostAt: date,
  lostReason: z.string().nullable(),
});
const detailSchema = z.object({ before: snapshotSchema.optional(), displaced: z.string().nullish() });

/**
 * The success card's 撤销: within undoWindowMinutes, and only while nothing else has happened
 * to the lead, the registrant may take a registration back as if it was never sent. A new lead
 * is deleted; a lead that came out of the pool goes back exactly as it was.
 */
export async function undoRegistration(db: Db, input: { actorId: string; leadId: string }, now: Date): Promise<UndoResult> {
  return db.$transaction(async (tx): Promise<UndoResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    await lockLead(tx, input.leadId);
    const lead = await tx.lead.findFirst({ where: { id: input.leadId, orgId: actor.orgId, erasedAt: null } });
    if (!lead) return { ok: false, reason: 'not_found' };
    if (lead.registeredById !== actor.id) return { ok: false, reason: 'not_registrant' };
    const entry = await tx.auditLog.findFirst({ where: { leadId: lead.id, action: 'register' }, orderBy: { at: 'desc' } });
    const open = await tx.leadHistory.findFirst({ where: { leadId: lead.id, validTo: null } });
    if (!entry || !open || open.changeKind !== 'register' || open.actorId !== actor.id) return { ok: false, reason: 'changed' };

    const policy = await teamPolicy(tx, lead.teamId);
    const base = entry.at.getTime() > lead.registeredAt.getTime() ? entry.at : lead.registeredAt;
    const until = new Date(base.getTime() + policy.undoWindowMinutes * 60_000);
    if (now.getTime() > until.getTime()) return { ok: false, reason: 'window_passed', until };
    const [followUps, disputes] = await Promise.all([
      tx.followUp.count({ where: { leadId: lead.id, at: { gte: lead.registeredAt } } }),
      tx.dispute.count({ where: { leadId: lead.id, appliedAt: { gte: entry.at } } }),
    ]);
    if (followUps > 0 || disputes > 0) return { ok: false, reason: 'changed' };

    const detail = detailSchema.parse(entry.detail);
    const before = detail.before;
    await audit(tx, { orgId: lead.orgId, actorId: actor.id, action: 'undo', leadId: lead.id, detail: { fromPool: before !== undefined }, at: now });
    if (!before) {
      await tx.lead.delete({ where: { id: lead.id } });
      return { ok: true, leadId: lead.id, removed: true, restoredStatus: null };
    }
    // The registration never happened: drop its history row and reopen the one it closed.
    await dropOpenRegistration(tx, lead.id);
    const restored = await tx.lead.update({ where: { id: lead.id }, data: { ...before } });
    if (detail.displaced && before.ownerId) {
      // It had displaced a later-sent registration, whose own row went with it: give it back.
      await recordHistory(tx, restored, { kind: 'register', actorId: before.registeredById, at: before.registeredAt, now });
    }
    return { ok: true, leadId: lead.id, removed: false, restoredStatus: before.status };
  }, TX_OPTIONS);
}
