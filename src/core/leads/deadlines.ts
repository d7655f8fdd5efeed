import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, startOfDay, startOfMonth } from 'date-fns';
import { cadenceDays, type Policy } from '../policy.js';

/**
 * Every deadline of the rulebook, computed from the team's policy. Days are calendar days in the
 * team's time zone, so a deadline keeps its time of day across a DST change where one exists.
 */

export function plusDays(policy: Policy, from: Date, days: number): Date {
  return new Date(addDays(new TZDate(from.getTime(), policy.timeZone), days).getTime());
}

/** Rule 3: the rep's own date wins; otherwise the level's cadence (capped by followUpIntervalDays). */
export function nextFollowUpFrom(policy: Policy, level: string | null | undefined, from: Date, repGiven?: Date | null): Date {
  return repGiven ?? plusDays(policy, from, cadenceDays(policy, level));
}

/** Rule 4: protection runs protectionLapseDays from the last activity (registration, follow-up, claim). */
export function protectionFrom(policy: Policy, lastActivity: Date): Date {
  return plusDays(policy, lastActivity, policy.protectionLapseDays);
}

/** Rule 5: a visit or deposit must be logged within milestoneDeadlineDays of registration. */
export function milestoneDeadlineFrom(policy: Policy, registeredAt: Date): Date {
  return plusDays(policy, registeredAt, policy.milestoneDeadlineDays);
}

export function lapseWarningAt(policy: Policy, protectionUntil: Date): Date {
  return plusDays(policy, protectionUntil, -policy.lapseWarningDays);
}

export function milestoneWarningAt(policy: Policy, milestoneDeadline: Date): Date {
  return plusDays(policy, milestoneDeadline, -policy.milestoneWarningDays);
}

/** Rule 7: first contact earlier than reportWindowHours before the message is a late report. */
export function isLateReport(policy: Policy, firstContactAt: Date | null | undefined, sentAt: Date): boolean {
  if (!firstContactAt) return false;
  return sentAt.getTime() - firstContactAt.getTime() > policy.reportWindowHours * 3_600_000;
}

/** Rule 6: the calendar month containing `at`, in the team's time zone. */
export function monthWindow(policy: Policy, at: Date): { start: Date; end: Date } {
  const start = startOfMonth(new TZDate(at.getTime(), policy.timeZone));
  return { start: new Date(start.getTime()), end: new Date(addMonths(start, 1).getTime()) };
}

/** Rule 10: the calendar day containing `at`, in the team's time zone (pool claim limit). */
export function dayWindow(policy: Policy, at: Date): { start: Date; end: Date } {
  const start = startOfDay(new TZDate(at.getTime(), policy.timeZone));
  return { start: new Date(start.getTime()), end: new Date(addDays(start, 1).getTime()) };
}

export function isOverdue(nextFollowUpAt: Date | null, now: Date): boolean {
  return nextFollowUpAt !== null && nextFollowUpAt.getTime() <= now.getTime();
}
