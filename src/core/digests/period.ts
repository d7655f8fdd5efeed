import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay, startOfMonth, subDays } from 'date-fns';
import { Prisma } from '../../generated/prisma/client.js';

export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  from: Date;
  to: Date;
  /** A stable name for the period, part of a digest's dedupe key (2026-12-01, week-2026-11-30, month-2026-11). */
  key: string;
}

function ymd(d: TZDate): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The stretch of time a digest covers, in the team's time zone:
 * - day: today (the evening digest reports the day so far);
 * - week: the seven whole days ending yesterday (sent on the weekly day, it covers the week before);
 * - month: from the first of yesterday's month to the end of yesterday (sent on the 1st, the whole
 *   previous month).
 */
export function digestPeriod(kind: PeriodKind, now: Date, timeZone: string): Period {
  const today = startOfDay(new TZDate(now.getTime(), timeZone));
  if (kind === 'day') return { kind, from: new Date(today.getTime()), to: new Date(addDays(today, 1).getTime()), key: ymd(today) };
  const yesterday = subDays(today, 1);
  if (kind === 'week') {
    return { kind, from: new Date(subDays(today, 7).getTime()), to: new Date(today.getTime()), key: `week-${ymd(yesterday)}` };
  }
  const first = startOfMonth(yesterday);
  return { kind, from: new Date(first.getTime()), to: new Date(today.getTime()), key: `month-${ymd(first).slice(0, 7)}` };
}

/**
 * A moment as a SQL literal comparable with our `timestamp(3)` columns, which hold UTC without a
 * zone: passing a JS Date would be compared in the session's time zone instead.
 */
export function ts(d: Date): Prisma.Sql {
  return Prisma.sql`${d.toISOString().replace('T', ' ').replace('Z', '')}::timestamp`;
}

/** A column's local hour of day in the team's zone. */
export function localHour(column: Prisma.Sql, timeZone: string): Prisma.Sql {
  return Prisma.sql`extract(hour from (${column} AT TIME ZONE 'UTC' AT TIME ZONE ${timeZone}))`;
}

export const OPEN = Prisma.sql`('new','following','milestone','deposit')`;
