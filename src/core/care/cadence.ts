import { TZDate } from '@date-fns/tz';
import { addDays, addMinutes, startOfDay } from 'date-fns';
import type { Policy } from '../policy.js';

/**
 * When a customer whose story reached an outcome is next contacted (客户跟踪制度): a won
 * customer within careFirstWorkingDays working days of the purchase, then every careCadenceDays;
 * a lost customer every winBackCadenceDays. A contact is due on its day at the team's reminder
 * time, the moment its reminder goes out.
 */
export type CareKind = 'care' | 'win_back';

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The reminder instant on the local day containing `day`. */
function onDay(policy: Policy, day: TZDate): Date {
  return new Date(addMinutes(startOfDay(day), minutesOf(policy.dueReminderAt)).getTime());
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
function isoWeekday(d: TZDate): number {
  return d.getDay() === 0 ? 7 : d.getDay();
}

/** `n` working days after `from` in the team's zone (n = 0: the same day). */
export function plusWorkingDays(policy: Policy, from: Date, n: number): TZDate {
  let d = new TZDate(from.getTime(), policy.timeZone);
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (policy.workingDays.includes(isoWeekday(d))) left--;
  }
  return d;
}

/** Whether the team keeps this cadence at all (a cadence of 0 days turns it off). */
export function cadenceOn(policy: Policy, kind: CareKind): boolean {
  return (kind === 'care' ? policy.careCadenceDays : policy.winBackCadenceDays) > 0;
}

/** The first contact after the outcome at `since`. */
export function firstCareDue(policy: Policy, kind: CareKind, since: Date): Date {
  if (kind === 'care') return onDay(policy, plusWorkingDays(policy, since, policy.careFirstWorkingDays));
  return onDay(policy, addDays(new TZDate(since.getTime(), policy.timeZone), policy.winBackCadenceDays));
}

/** The contact after one made at `at`. */
export function nextCareDue(policy: Policy, kind: CareKind, at: Date): Date {
  const days = kind === 'care' ? policy.careCadenceDays : policy.winBackCadenceDays;
  return onDay(policy, addDays(new TZDate(at.getTime(), policy.timeZone), days));
}

/**
 * For a customer whose outcome predates care (backfilled rows): the first due moment on the
 * cadence that is not already past, so a history of old wins does not ring all at once.
 */
export function upcomingCareDue(policy: Policy, kind: CareKind, since: Date, now: Date): Date {
  let due = firstCareDue(policy, kind, since);
  for (let i = 0; due.getTime() < now.getTime() && i < 10_000; i++) due = nextCareDue(policy, kind, due);
  return due;
}
