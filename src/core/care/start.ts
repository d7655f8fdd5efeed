import type { Tx } from '../../db/client.js';
import type { Lead } from '../../generated/prisma/client.js';
import type { Policy } from '../policy.js';
import { cadenceOn, firstCareDue, type CareKind } from './cadence.js';

/**
 * A lead reached won or lost: its care (or win-back) cadence starts from the outcome, with
 * the owner as the one reminded. Ownership, protection and quota are not touched: the lead's
 * own row stays as the outcome left it.
 */
export async function startCare(tx: Tx, lead: Pick<Lead, 'id' | 'orgId' | 'teamId' | 'ownerId'>, outcome: 'won' | 'lost', at: Date, policy: Policy): Promise<void> {
  const kind: CareKind = outcome === 'won' ? 'care' : 'win_back';
  if (!cadenceOn(policy, kind)) {
    await tx.customerCare.deleteMany({ where: { leadId: lead.id } });
    return;
  }
  const row = { orgId: lead.orgId, teamId: lead.teamId, kind, memberId: lead.ownerId, since: at, dueAt: firstCareDue(policy, kind, at), remindedAt: null, lastContactAt: null, contacts: 0 };
  await tx.customerCare.upsert({ where: { leadId: lead.id }, create: { leadId: lead.id, ...row }, update: row });
}
