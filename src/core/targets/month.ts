import { TZDate } from '@date-fns/tz';
import { addMonths, getDaysInMonth } from 'date-fns';

/** A target month, YYYY-MM, in the team's zone. */
export type MonthKey = string;

export const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthKeyOf(at: Date, timeZone: string): MonthKey {
  const d = new TZDate(at.getTime(), timeZone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function monthRange(key: MonthKey, timeZone: string): { start: Date; end: Date } {
  const m = MONTH_KEY.exec(key);
  if (!m) throw new Error(`not a month: ${key}`);
  const start = new TZDate(Number(m[1]), Number(m[2]) - 1, 1, timeZone);
  return { start: new Date(start.getTime()), end: new Date(addMonths(start, 1).getTime()) };
}

/**
 * How much of the month has gone by at `asOf`, counting the day in progress as gone (the
 * evening digest): on the 15th of a 30-day month, half. 0 before the month, 1 after it.
 */
export function elapsedFraction(key: MonthKey, asOf: Date, timeZone: string): number {
  const { start, end } = monthRange(key, timeZone);
  if (asOf.getTime() < start.getTime()) return 0;
  if (asOf.getTime() >= end.getTime()) return 1;
  const d = new TZDate(asOf.getTime(), timeZone);
  return d.getDate() / getDaysInMonth(d);
}

/**
 * A month as a manager names it in chat relative to `now`: 12月 is this year's December, or next
 * year's when that month is already over (targets are set ahead); 本月 / 这个月, 下月 / 下个月.
 */
export function monthFromWords(words: string, now: Date, timeZone: string): MonthKey | null {
  const t = words.trim();
  const here = new TZDate(now.getTime(), timeZone);
  const key = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
  if (/^(本月|这个月|当月)$/.test(t)) return key(here.getFullYear(), here.getMonth() + 1);
  if (/^(下月|下个月)$/.test(t)) {
    const next = addMonths(here, 1);
    return key(next.getFullYear(), next.getMonth() + 1);
  }
  let m = /^(\d{4})\s*[-年./]\s*(\d{1,2})\s*月?$/.exec(t);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? key(Number(m[1]), month) : null;
  }
  m = /^(\d{1,2})\s*月(份)?$/.exec(t);
  if (m) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return null;
    const year = month < here.getMonth() + 1 ? here.getFullYear() + 1 : here.getFullYear();
    return key(year, month);
  }
  return null;
}
