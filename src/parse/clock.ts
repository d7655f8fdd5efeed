import { TZDate, tzOffset } from '@date-fns/tz';
import { addDays, addMonths, format, startOfWeek } from 'date-fns';

/** "Today" as the org sees it: every relative date is counted in the org's time zone. */
export interface Clock {
  now: Date;
  timeZone: string;
  /** Midnight of today in the org zone. */
  today: TZDate;
  /** Minutes since midnight, org zone. */
  minuteOfDay: number;
  /** UTC offset of the org zone at `now`, minutes (for chrono's reference). */
  offset: number;
}

export function clockOf(now: Date, timeZone: string): Clock {
  const local = new TZDate(now.getTime(), timeZone);
  const today = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone);
  return {
    now,
    timeZone,
    today,
    minuteOfDay: local.getHours() * 60 + local.getMinutes(),
    offset: tzOffset(timeZone, now),
  };
}

export function ymd(d: TZDate): string {
  return format(d, 'yyyy-MM-dd');
}

export function dayOf(clock: Clock, year: number, month: number, day: number): TZDate {
  return new TZDate(year, month - 1, day, clock.timeZone);
}

export function plusDays(clock: Clock, days: number): TZDate {
  return addDays(clock.today, days);
}

export function plusMonths(clock: Clock, months: number): TZDate {
  return addMonths(clock.today, months);
}

/** Monday of the current Monday-to-Sunday week. */
export function monday(clock: Clock): TZDate {
  return startOfWeek(clock.today, { weekStartsOn: 1 });
}
