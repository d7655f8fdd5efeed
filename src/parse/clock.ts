import { TZDate } from '@date-fns/tz';

/**
 * "Today" as the org sees it. The org zone is consulted once per reference instant (TZDate);
 * after that, dates are whole calendar days counted as day numbers, which is what every rule
 * of parse.md speaks in (明天, 下周三, 28号) and keeps the parser far below 1 ms a message.
 */
export interface Clock {
  now: Date;
  timeZone: string;
  /** Today in the org zone, as days since 1970-01-01. */
  today: number;
  /** Minutes since midnight, org zone. */
  minuteOfDay: number;
  /** UTC offset of the org zone at `now`, minutes (for chrono's reference). */
  offset: number;
}

const DAY_MS = 86_400_000;
let last: Clock | null = null;

export function clockOf(now: Date, timeZone: string): Clock {
  if (last && last.now.getTime() === now.getTime() && last.timeZone === timeZone) return last;
  const local = new TZDate(now.getTime(), timeZone);
  const y = local.getFullYear();
  const m = local.getMonth();
  const d = local.getDate();
  const today = Date.UTC(y, m, d) / DAY_MS;
  const minuteOfDay = local.getHours() * 60 + local.getMinutes();
  const offset = Math.round((Date.UTC(y, m, d) + minuteOfDay * 60_000 - Math.floor(now.getTime() / 60_000) * 60_000) / 60_000);
  last = { now, timeZone, today, minuteOfDay, offset };
  return last;
}

/** 'YYYY-MM-DD' of a day number. */
const names = new Map<number, string>();

export function ymd(day: number): string {
  let name = names.get(day);
  if (name === undefined) {
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (names.size > 10_000) names.clear();
    names.set(day, name);
  }
  return name;
}

/** The day number of a calendar date, or null when the month has no such day (11月31日). */
export function dayOf(year: number, month: number, day: number): number | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date.getTime() / DAY_MS : null;
}

export function parts(day: number): { year: number; month: number; day: number; weekday: number } {
  const date = new Date(day * DAY_MS);
  // ISO weekday: Monday 1 … Sunday 7.
  const weekday = ((date.getUTCDay() + 6) % 7) + 1;
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday };
}

/** N months from today; a day the target month lacks falls back to its last day (1月31日 + 1 → 2月28日). */
export function plusMonths(clock: Clock, months: number): number {
  const t = parts(clock.today);
  const index = t.year * 12 + (t.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Date.UTC(year, month - 1, Math.min(t.day, lastDay)) / DAY_MS;
}

/** Monday of the current Monday-to-Sunday week. */
export function monday(clock: Clock): number {
  return clock.today - (parts(clock.today).weekday - 1);
}
