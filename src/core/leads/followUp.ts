import { TX_OPTIONS, type Db } from '../../db/client.js';
import { loadActor, loadView, teamPolicy } from './context.js';
import { nextFollowUpFrom, protectionFrom } from './deadlines.js';
import { clean } from './fields.js';
import { recordHistory } from './history.js';
import { resolveWorkableLocked } from './ref.js';
import type { FollowUpInput, FollowUpResult, LeadStatus } from './types.js';

/**
 * A follow-up renews protection (rule 4), sets the next due date (rule 3) and, when a visit or
 * deposit is logged, meets the milestone (rule 5): the milestone deadline is cleared for good.
 */
export async function logFollowUp(db: Db, input: FollowUpInput, now: Date): Promise<FollowUpResult> {
  return db.$transaction(async (tx) => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' } as const;
    const r = await resolveWorkableLocked(tx, actor, input.lead);
    if (!r.ok) return r;
    const lead = r.lead;
    const policy = await teamPolicy(tx, lead.teamId);
    const at = input.at ?? now;
    const level = clean(input.level) ?? lead.level;
    const milestone = input.milestone ?? null;

    let status: LeadStatus = lead.status === 'new' ? 'following' : lead.status;
    if (milestone === 'visit' && status === 'following') status = 'milestone';
    if (milestone === 'deposit') status = 'deposit';
    const reached = milestone !== null;
    const renewed = protectionFrom(policy, at);

    const followUp = await tx.followUp.create({
      data: {
        leadId: lead.id,
        memberId: actor.id,
        at,
        method: input.method ?? null,
        content: input.content ?? '',
        progress: input.progress ?? null,
        levelAfter: level,
        nextFollowUpAt: input.nextFollowUpAt ?? null,
        milestone,
      },
    });
    const updated = await tx.lead.update({
      where: { id: lead.id },
      data: {
        status,
        level,
        lastFollowUpAt: at,
        followUpCount: { increment: 1 },
        nextFollowUpAt: nextFollowUpFrom(policy, level, at, input.nextFollowUpAt),
        // An extension granted earlier is never shortened by a follow-up.
        protectionUntil: lead.protectionUntil && lead.protectionUntil > renewed ? lead.protectionUntil : renewed,
        ...(reached ? { milestoneAt: lead.milestoneAt ?? at, milestoneDeadline: null } : {}),
      },
    });
    const statusChanged = status !== lead.status;
    if (statusChanged || level !== lead.level) {
      await recordHistory(tx, updated, { kind: 'followup', actorId: actor.id, at, now, note: milestone });
    }
    return {
      ok: true,
      lead: await loadView(tx, lead.id, actor),
      followUpId: followUp.id,
      milestoneReached: milestone,
      statusChanged,
      notify: [],
    } as const;
  }, TX_OPTIONS);
}
