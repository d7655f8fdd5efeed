import { TX_OPTIONS, type Db } from '../../db/client.js';
import { audit } from '../audit.js';
import { loadActor, lockLead } from './context.js';
import { recordHistory } from './history.js';
import type { EraseResult } from './types.js';

export const ERASED_NAME = '已删除';

/**
 * PIPL erasure on a customer's request (admins only): everything that identifies the person is
 * cleared, while the lead's skeleton (status, owner, dates, source) stays for the team's
 * figures. The phone becomes a tombstone no real number can equal, so the unique (org, phone)
 * key holds and the same customer can be registered afresh.
 */
export async function eraseCustomer(db: Db, input: { actorId: string; leadId: string }, now: Date): Promise<EraseResult> {
  return db.$transaction(async (tx): Promise<EraseResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    if (actor.role !== 'admin') return { ok: false, reason: 'not_admin' };
    await lockLead(tx, input.leadId);
    const lead = await tx.lead.findFirst({ where: { id: input.leadId, orgId: actor.orgId } });
    if (!lead) return { ok: false, reason: 'not_found' };
    if (lead.erasedAt) return { ok: false, reason: 'already_erased', erasedAt: lead.erasedAt };

    const updated = await tx.lead.update({
      where: { id: lead.id },
      data: {
        name: ERASED_NAME,
        phone: `erased:${lead.id}`,
        gender: null,
        address: null,
        product: null,
        store: null,
        notes: null,
        lostReason: lead.lostReason ? ERASED_NAME : null,
        erasedAt: now,
        // Nobody works an erased customer: no reminders, no lapse, no pool.
        protectionUntil: null,
        milestoneDeadline: null,
        nextFollowUpAt: null,
      },
    });
    await tx.followUp.updateMany({ where: { leadId: lead.id }, data: { content: '' } });
    await tx.leadHistory.updateMany({ where: { leadId: lead.id }, data: { note: null } });
    await tx.dispute.updateMany({ where: { leadId: lead.id }, data: { reason: null, facts: {} } });
    // The showroom keeps counting the party, without the person: no name, phone or note.
    await tx.reception.updateMany({
      where: { orgId: lead.orgId, OR: [{ leadId: lead.id }, { phone: lead.phone }] },
      data: { name: null, gender: null, phone: null, note: null, leadId: lead.id },
    });
    await tx.careContact.updateMany({ where: { leadId: lead.id }, data: { content: '' } });
    await tx.customerCare.deleteMany({ where: { leadId: lead.id } });
    await recordHistory(tx, updated, { kind: 'erase', actorId: actor.id, at: now, now });
    await audit(tx, { orgId: actor.orgId, actorId: actor.id, action: 'erase', leadId: lead.id, at: now });
    return { ok: true, leadId: lead.id, erasedAt: now };
  }, TX_OPTIONS);
}
