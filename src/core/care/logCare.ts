import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import { loadActor, lockLead, teamPolicy, toView } from '../leads/context.js';
import { clean } from '../leads/fields.js';
import { mayWork, resolveLeadRef } from '../leads/ref.js';
import { maskPhone } from '../phone.js';
import { cadenceOn, nextCareDue, type CareKind } from './cadence.js';
import type { CareInput, CareResult, CareState } from './types.js';

/**
 * A 回访 of a won customer (care) or a lost one (win-back), logged like a follow-up: the contact
 * is kept and the next one falls due on the team's cadence. Nothing about the lead itself
 * changes: its owner, status, protection and the owner's quota are as the outcome left them.
 */
export async function logCare(db: Db, input: CareInput, now: Date): Promise<CareResult> {
  return db.$transaction(async (tx) => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' } as const;
    const r = await resolveLeadRef(tx, actor, input.lead, 'mine');
    if (!r.ok) return r.reason === 'ambiguous' ? r : r.reason === 'not_found' ? r : { ok: false, reason: 'not_found' };
    await lockLead(tx, r.lead.id);
    const lead = r.lead;
    if (!mayWork(actor, lead)) return { ok: false, reason: 'not_yours', leadId: lead.id, owner: lead.owner, maskedPhone: maskPhone(lead.phone) } as const;
    if (lead.status !== 'won' && lead.status !== 'lost') return { ok: false, reason: 'still_open', leadId: lead.id } as const;
    const kind: CareKind = lead.status === 'won' ? 'care' : 'win_back';
    const at = input.at ?? now;
    const contact = await tx.careContact.create({
      data: { leadId: lead.id, orgId: lead.orgId, teamId: lead.teamId, memberId: actor.id, kind, at, method: input.method ?? null, content: clean(input.content) ?? '' },
    });
    const care = await advance(tx, lead, kind, at);
    return { ok: true, lead: toView(lead, actor), contactId: contact.id, care } as const;
  }, TX_OPTIONS);
}

async function advance(tx: Tx, lead: { id: string; orgId: string; teamId: string; ownerId: string | null; wonAt: Date | null; lostAt: Date | null }, kind: CareKind, at: Date): Promise<CareState | null> {
  const policy = await teamPolicy(tx, lead.teamId);
  if (!cadenceOn(policy, kind)) return null;
  const existing = await tx.customerCare.findUnique({ where: { leadId: lead.id } });
  // A contact logged out of order (an earlier time typed late) never moves the cadence back.
  const last = existing?.lastContactAt && existing.kind === kind && existing.lastContactAt > at ? existing.lastContactAt : at;
  const since = existing?.kind === kind ? existing.since : ((kind === 'care' ? lead.wonAt : lead.lostAt) ?? at);
  const data = {
    orgId: lead.orgId,
    teamId: lead.teamId,
    kind,
    memberId: existing?.memberId ?? lead.ownerId,
    since,
    dueAt: nextCareDue(policy, kind, last),
    remindedAt: null,
    lastContactAt: last,
    contacts: (existing?.kind === kind ? existing.contacts : 0) + 1,
  };
  const row = await tx.customerCare.upsert({ where: { leadId: lead.id }, create: { leadId: lead.id, ...data }, update: data });
  const member = row.memberId ? await tx.member.findUnique({ where: { id: row.memberId }, select: { id: true, name: true } }) : null;
  return { kind, member, since: row.since, dueAt: row.dueAt, lastContactAt: row.lastContactAt, contacts: row.contacts };
}
