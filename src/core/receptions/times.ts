import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';

/**
 * When a reception happened. Reps log parties between customers, often hours later, so the
 * times they type are read on the day the message was sent, in the team's zone; a reception
 * may be logged until the end of that day (the paper form is closed each evening).
 */

/** How far ahead of the message a typed arrival may be (a phone clock a little behind). */
export const CLOCK_SKEW_MS = 15 * 60_000;

export function localDay(at: Date, timeZone: string): { start: Date; end: Date } {
  const start = startOfDay(new TZDate(at.getTime(), timeZone));
  return { start: new Date(start.getTime()), end: new Date(addDays(start, 1).getTime()) };
}

/** HH:MM on the local day containing `day`; null for anything that is not a time of day. */
export function atTimeOfDay(day: Date, hhmm: string, timeZone: string): Date | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  if (!m) return null;
  const start = startOfDay(new TZDate(day.getTime(), timeZone));
  const local = new TZDate(start.getFullYear(), start.getMonth(), start.getDate(), Number(m[1]), Number(m[2]), 0, timeZone);
  return new Date(local.getTime());
}

export type TimesRefusal =
  | { ok: false; reason: 'bad_time'; value: string }
  | { ok: false; reason: 'in_future'; inAt: Date; sentAt: Date }
  | { ok: false; reason: 'too_late'; inAt: Date; loggableUntil: Date }
  | { ok: false; reason: 'out_before_in'; inAt: Date; outAt: Date };

export interface TimesInput {
  sentAt: Date;
  /** An instant (a form with a date) or a time of day on the sending day. */
  inAt?: Date | string | null;
  outAt?: Date | string | null;
}

/**
 * The reception's real in and out instants. Without an arrival time, the party arrived when the
 * message was sent. Refused: a time that is not one, an arrival after the message, a reception
 * from an earlier day (only loggable until that day's end), leaving before arriving.
 */
export function receptionTimes(input: TimesInput, timeZone: string): { ok: true; inAt: Date; outAt: Date | null } | TimesRefusal {
  const read = (v: Date | string | null | undefined): Date | null | { bad: string } => {
    if (v === null || v === undefined || v === '') return null;
    if (v instanceof Date) return v;
    return atTimeOfDay(input.sentAt, v, timeZone) ?? { bad: v };
  };
  const inRead = read(input.inAt);
  const outRead = read(input.outAt);
  if (inRead && !(inRead instanceof Date)) return { ok: false, reason: 'bad_time', value: inRead.bad };
  if (outRead && !(outRead instanceof Date)) return { ok: false, reason: 'bad_time', value: outRead.bad };
  const inAt = inRead ?? input.sentAt;
  const outAt = outRead;
  if (inAt.getTime() > input.sentAt.getTime() + CLOCK_SKEW_MS) return { ok: false, reason: 'in_future', inAt, sentAt: input.sentAt };
  const day = localDay(inAt, timeZone);
  if (input.sentAt.getTime() >= day.end.getTime()) return { ok: false, reason: 'too_late', inAt, loggableUntil: day.end };
  if (outAt && outAt.getTime() < inAt.getTime()) return { ok: false, reason: 'out_before_in', inAt, outAt };
  return { ok: true, inAt, outAt };
}
