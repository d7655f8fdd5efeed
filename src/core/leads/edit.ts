import { TX_OPTIONS, type Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { maskPhone, normalizePhone } from '../phone.js';
import { loadActor, loadView, lockKey, lockLead, memberRef, teamPolicy } from './context.js';
import { nextFollowUpFrom } from './deadlines.js';
import { clean } from './fields.js';
import { recordHistory } from './history.js';
import { mayWork, resolveLeadRef } from './ref.js';
import type { EditInput, EditResult } from './types.js';

/**
 * Corrections from the lead card (a typo in a name, a better address). The owner or a team
 * manager may edit; a new phone must still be unique in the org.
 */
export async function editLead(db: Db, input: EditInput, now: Date): Promise<EditResult> {
  return db.$transaction(async (tx): Promise<EditResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    await lockLead(tx, input.leadId);
    const r = await resolveLeadRef(tx, actor, { leadId: input.leadId }, 'org');
    if (!r.ok) return r;
    const lead = r.lead;
    if (!mayWork(actor, lead)) return { ok: false, reason: 'not_yours', leadId: lead.id, owner: lead.owner, maskedPhone: maskPhone(lead.phone) };

    const c = input.changes;
    const data: Prisma.LeadUpdateInput = {};
    if (c.phone !== undefined) {
      const phone = normalizePhone(c.phone);
      if (!phone) return { ok: false, reason: 'invalid_phone', raw: c.phone };
      if (phone !== lead.phone) {
        await lockKey(tx, 'lead-phone', `${lead.orgId}:${phone}`);
        const taken = await tx.lead.findUnique({ where: { orgId_phone: { orgId: lead.orgId, phone } } });
        if (taken) return { ok: false, reason: 'phone_taken', leadId: taken.id, owner: await memberRef(tx, taken.ownerId), maskedPhone: maskPhone(phone) };
        data.phone = phone;
      }
    }
    const name = c.name === undefined ? undefined : clean(c.name);
    if (name) data.name = name;
    for (const key of ['gender', 'address', 'product', 'source', 'store', 'notes'] as const) {
      const v = c[key];
      if (v !== undefined) data[key] = clean(v);
    }
    if (c.budget !== undefined) {
      data.budgetMin = c.budget?.[0] ?? null;
      data.budgetMax = c.budget?.[1] ?? null;
    }
    if (c.firstContactAt !== undefined) data.firstContactAt = c.firstContactAt;
    const level = c.level === undefined ? lead.level : clean(c.level);
    if (c.level !== undefined) data.level = level;
    if (c.nextFollowUpAt !== undefined) data.nextFollowUpAt = c.nextFollowUpAt;
    else if (level !== lead.level && lead.ownerId && lead.lastFollowUpAt === null) {
      // A level set right after registering changes when the first follow-up is due.
      data.nextFollowUpAt = nextFollowUpFrom(await teamPolicy(tx, lead.teamId), level, lead.registeredAt);
    }

    const changed = Object.keys(data);
    if (changed.length === 0) return { ok: true, lead: await loadView(tx, lead.id, actor), changed };
    const updated = await tx.lead.update({ where: { id: lead.id }, data });
    if (level !== lead.level) await recordHistory(tx, updated, { kind: 'edit', actorId: actor.id, at: now, now, note: 'level' });
    return { ok: true, lead: await loadView(tx, lead.id, actor), changed };
  }, TX_OPTIONS);
}
