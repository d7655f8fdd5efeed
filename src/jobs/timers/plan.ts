import { TZDate } from '@date-fns/tz';
import { addMinutes, startOfDay } from 'date-fns';
import { lapseWarningAt, milestoneWarningAt } from '../../core/leads/deadlines.js';
import { OPEN_STATUSES, type LeadStatus } from '../../core/leads/types.js';
import type { Policy } from '../../core/policy.js';

export type TimerKind = 'due' | 'lapse-warn' | 'release' | 'milestone-warn' | 'expire';

/** What a lead's timers depend on; scheduleLead reads it from the database. */
export interface TimerLead {
  id: string;
  status: LeadStatus;
  ownerId: string | null;
  nextFollowUpAt: Date | null;
  /** The rep typed the next follow-up time themselves (the latest follow-up carries it). */
  nextFollowUpSetByRep: boolean;
  protectionUntil: Date | null;
  milestoneDeadline: Date | null;
  milestoneAt: Date | null;
}

export interface Timer {
  kind: TimerKind;
  leadId: string;
  fireAt: Date;
  /** The deadline the timer is about (due time, protectionUntil, milestoneDeadline): part of the dedupe key. */
  deadline: Date;
}

/** BullMQ forbids ':' in custom ids; the fire time in the id makes a moved timer a new job. */
export function timerJobId(t: Pick<Timer, 'kind' | 'leadId' | 'fireAt'>): string {
  return `${t.kind}_${t.leadId}_${t.fireAt.getTime()}`;
}

/** Once per lead and deadline: the key the Outbox uses so a notification is never sent twice. */
export function timerDedupeKey(t: Pick<Timer, 'kind' | 'leadId' | 'deadline'>): string {
  return `${t.kind}:${t.leadId}:${t.deadline.toISOString()}`;
}

function hhmmMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * When the due reminder fires: at the time the rep set, else at dueReminderAt on the due day
 * (team time zone). A rep-given date without a time arrives as local midnight and counts as
 * "no time set".
 */
export function dueReminderAt(policy: Policy, nextFollowUpAt: Date, setByRep: boolean): Date {
  const local = new TZDate(nextFollowUpAt.getTime(), policy.timeZone);
  const midnight = startOfDay(local);
  if (setByRep && local.getTime() !== midnight.getTime()) return nextFollowUpAt;
  return new Date(addMinutes(midnight, hhmmMinutes(policy.dueReminderAt)).getTime());
}

/**
 * Every timer a lead should have, from its row and its team's policy. A closed or ownerless
 * lead has none; a lead with a milestone reached has no milestone timers.
 */
export function planTimers(lead: TimerLead, policy: Policy): Timer[] {
  if (!lead.ownerId || !(OPEN_STATUSES as readonly string[]).includes(lead.status)) return [];
  const out: Timer[] = [];
  const id = lead.id;
  if (lead.nextFollowUpAt) {
    out.push({ kind: 'due', leadId: id, fireAt: dueReminderAt(policy, lead.nextFollowUpAt, lead.nextFollowUpSetByRep), deadline: lead.nextFollowUpAt });
  }
  if (lead.protectionUntil) {
    const until = lead.protectionUntil;
    if (policy.lapseWarningDays > 0) out.push({ kind: 'lapse-warn', leadId: id, fireAt: lapseWarningAt(policy, until), deadline: until });
    out.push({ kind: 'release', leadId: id, fireAt: until, deadline: until });
  }
  if (lead.milestoneDeadline && !lead.milestoneAt) {
    const deadline = lead.milestoneDeadline;
    if (policy.milestoneWarningDays > 0) {
      out.push({ kind: 'milestone-warn', leadId: id, fireAt: milestoneWarningAt(policy, deadline), deadline });
    }
    out.push({ kind: 'expire', leadId: id, fireAt: deadline, deadline });
  }
  return out;
}

/**
 * Whether a timer whose moment has passed should still run now: releases and expiries always
 * (the rule must bite), notifications only while still useful (not long stale, and not after
 * the deadline they warn about).
 */
export function stillWorthFiring(t: Timer, now: Date, catchUpMs: number): boolean {
  if (t.kind === 'release' || t.kind === 'expire') return true;
  if (t.kind !== 'due' && t.deadline.getTime() <= now.getTime()) return false;
  return now.getTime() - t.fireAt.getTime() <= catchUpMs;
}
