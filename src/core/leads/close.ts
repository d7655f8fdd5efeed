import { TX_OPTIONS, type Db } from '../../db/client.js';
import { startCare } from '../care/start.js';
import { loadActor, loadView, teamPolicy } from './context.js';
import { monthWindow } from './deadlines.js';
import { clean } from './fields.js';
import { recordHistory } from './history.js';
import { resolveWorkableLocked } from './ref.js';
import type { CloseResult, LeadRef, LostInput, WonInput } from './types.js';

interface Closing {
  actorId: string;
  lead: LeadRef;
  at?: Date;
  outcome: 'won' | 'lost';
  content: string;
  reason: string | null;
}

/** Won or lost ends every timer of the lead; a won lead frees its quota slot at once (rule 6). */
async function close(db: Db, c: Closing, now: Date): Promise<CloseResult> {
  return db.$transaction(async (tx) => {
    const actor = await loadActor(tx, c.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' } as const;
    const r = await resolveWorkableLocked(tx, actor, c.lead);
    if (!r.ok) return r;
    const lead = r.lead;
    const at = c.at ?? now;
    await tx.followUp.create({
      data: { leadId: lead.id, memberId: actor.id, at, content: c.content, outcome: c.outcome, levelAfter: lead.level },
    });
    const updated = await tx.lead.update({
      where: { id: lead.id },
      data: {
        status: c.outcome,
        ...(c.outcome === 'won' ? { wonAt: at } : { lostAt: at, lostReason: c.reason }),
        lastFollowUpAt: at,
        followUpCount: { increment: 1 },
        protectionUntil: null,
        milestoneDeadline: null,
        nextFollowUpAt: null,
      },
    });
    await recordHistory(tx, updated, { kind: c.outcome, actorId: actor.id, at, now, note: c.reason });
    const policy = await teamPolicy(tx, lead.teamId);
    // After the outcome the customer is cared for (won) or won back (lost), on the team's cadence.
    await startCare(tx, updated, c.outcome, at, policy);
    const month = monthWindow(policy, now);
    const quotaFreed =
      c.outcome === 'won' &&
      (await tx.leadHistory.count({
        where: { leadId: lead.id, changeKind: 'register', ownerId: { not: null }, validFrom: { gte: month.start, lt: month.end } },
      })) > 0;
    return { ok: true, lead: await loadView(tx, lead.id, actor), quotaFreed, notify: [] } as const;
  }, TX_OPTIONS);
}

export async function markWon(db: Db, input: WonInput, now: Date): Promise<CloseResult> {
  return close(db, { actorId: input.actorId, lead: input.lead, at: input.at, outcome: 'won', content: input.content ?? '', reason: null }, now);
}

/** Lost needs a reason: the manager's 流失分析 is built from it. */
export async function markLost(db: Db, input: LostInput, now: Date): Promise<CloseResult> {
  const reason = clean(input.reason);
  if (!reason) return { ok: false, reason: 'missing_reason' };
  return close(db, { actorId: input.actorId, lead: input.lead, at: input.at, outcome: 'lost', content: reason, reason }, now);
}
