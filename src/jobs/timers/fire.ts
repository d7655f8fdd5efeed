import { expireIfMissedMilestone, releaseIfLapsed } from '../../core/leads/index.js';
import type { Outbox } from '../../core/bot/types.js';
import type { Db } from '../../db/client.js';
import { log } from '../../log.js';
import { timersFired } from '../../metrics.js';
import { notifyMembers } from '../notify.js';
import { closedCard, reminderCard } from './cards.js';
import { loadLead } from './load.js';
import { planTimers, stillWorthFiring, timerDedupeKey } from './plan.js';
import type { TimerJobData, TimerScheduler } from './schedule.js';

export type FireEffect = 'notified' | 'released' | 'expired' | 'unchanged' | 'stale';

export interface FireDeps {
  db: Db;
  outbox: Outbox;
  scheduler: TimerScheduler;
  catchUpMs: number;
}

/**
 * Runs one timer at `now`. The job only says "look at this lead now": the lead's row decides.
 * A timer the lead no longer implies (followed up, closed, transferred) does nothing, and a
 * notification carries a dedupe key per lead and deadline, so it is sent once however often
 * the timer runs.
 */
export async function fireTimer(deps: FireDeps, data: TimerJobData, now: Date): Promise<FireEffect> {
  const lead = await loadLead(deps.db, data.leadId);
  const timer = lead
    ? planTimers(lead.timer, lead.policy).find((t) => t.kind === data.kind && t.fireAt.getTime() === Date.parse(data.fireAt))
    : undefined;
  if (!lead || !timer || !stillWorthFiring(timer, now, deps.catchUpMs)) {
    timersFired.inc({ kind: data.kind, effect: 'stale' });
    return 'stale';
  }
  let effect: FireEffect;
  if (timer.kind === 'release' || timer.kind === 'expire') {
    effect = await closeLead(deps, timer.kind, data.leadId, now);
  } else if (lead.owner) {
    await notifyMembers(deps.db, deps.outbox, [{ memberId: lead.owner.id, card: reminderCard(timer.kind, lead, timer, now), dedupeKey: timerDedupeKey(timer) }]);
    effect = 'notified';
  } else {
    effect = 'stale';
  }
  timersFired.inc({ kind: data.kind, effect });
  return effect;
}

/**
 * Applies the lead core's release or expiry (it re-checks the deadline itself, in one
 * transaction), tells the former owner, and clears the lead's remaining timers. The sweep
 * calls this too, for deadlines whose job never ran.
 */
export async function closeLead(deps: FireDeps, kind: 'release' | 'expire', leadId: string, now: Date): Promise<FireEffect> {
  const before = await loadLead(deps.db, leadId);
  if (!before) return 'unchanged';
  const result = kind === 'release' ? await releaseIfLapsed(deps.db, leadId, now) : await expireIfMissedMilestone(deps.db, leadId, now);
  if (!result.changed) return 'unchanged';
  const deadline = (kind === 'release' ? before.timer.protectionUntil : before.timer.milestoneDeadline) ?? now;
  const notices = result.notify.flatMap((n) =>
    n.kind === 'released' || n.kind === 'expired'
      ? [{ memberId: n.memberId, card: closedCard(n.kind, before, deadline, now), dedupeKey: `${n.kind}:${leadId}:${deadline.toISOString()}` }]
      : [],
  );
  const others = result.notify.filter((n) => n.kind !== 'released' && n.kind !== 'expired');
  if (others.length > 0) log.warn({ leadId, kinds: others.map((n) => n.kind) }, 'release produced notices the jobs do not render');
  await notifyMembers(deps.db, deps.outbox, notices);
  await deps.scheduler.scheduleLead(leadId).catch((err: unknown) => log.warn({ err, leadId }, 'could not clear timers after close'));
  return result.status === 'released' ? 'released' : 'expired';
}
