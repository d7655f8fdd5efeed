import { parse as chronoParse } from 'chrono-node/zh/hans';
import { dayOf, monday, parts, plusMonths, ymd, type Clock } from './clock.js';
import { NUMBER, parseNumber } from './numerals.js';
import { clauseAt, overlaps, type Span } from './text.js';
import { findTimes } from './timeOfDay.js';

/**
 * Dates and times of day, counted from today in the org time zone. The day words and weekday
 * forms whose meaning parse.md fixes are read here (chrono counts 明天 from the host's clock,
 * not the org's, and puts 下周日 in this week); chrono-node's Simplified-Chinese parser reads
 * what it does well and what does not depend on "today": month-day dates in any numerals
 * (十二月三日, 2026年12月3日). Times of day (下午3点, 晚上七点半, 15:30) are timeOfDay.ts's.
 */
export interface DateHit extends Span {
  /** 'YYYY-MM-DD'; null for a time of day stated alone. */
  date: string | null;
  /** 'HH:MM' when a time of day was stated. */
  time: string | null;
}

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 };
const WEEK_SHIFT: Record<string, number> = { 上上: -2, 上: -1, 这: 0, 本: 0, 下: 1, 下下: 2 };

const DAY_WORDS: Record<string, number> = {
  大前天: -3, 前天: -2, 昨天: -1, 昨日: -1, 昨晚: -1, 今天: 0, 今日: 0, 今晚: 0, 今早: 0,
  明天: 1, 明日: 1, 明早: 1, 明晚: 1, 后天: 2, 大后天: 3,
};
const DAY_WORD = /大前天|大后天|前天|昨天|昨日|昨晚|今天|今日|今晚|今早|明天|明日|明早|明晚|后天/g;
/** A weekday without 本/下/上 is its next occurrence after today. */
const BARE_WEEKDAY = /(?<![上下这本个])(?:周|星期|礼拜)([一二三四五六日天1-7])/g;
/** 周末 is the Saturday of that week; 月底 the last day of this month, 下月初 the first of the next. */
const WEEKEND = /(下下|下|这|本)?个?(?:周末|礼拜末|星期末)/g;
const MONTH_EDGE = /(?:(?:这个?月|本月)?月底|下个?月初)(?!\s*(?:之|以)?前)/g;
const WEEK = /(上上|上|下下|下|这|本)个?(?:周|星期|礼拜)([一二三四五六日天1-7])/g;
const AFTER = new RegExp(String.raw`(${NUMBER})\s*(天|日|周|个?星期|个?礼拜|个?月)\s*(?:以后|之后|后)|(?<![路经超错难通度])过(${NUMBER})天(?!\s*[内之以])`, 'g');
/** Buying after N months is purchase timing (a level), not the rep's next contact. */
const PURCHASE_NEXT = /^\s*(?:就|会|能|要|再|准备|打算)*(?:定|买|订|下定|签|成交|提车|购买|入手)/;
/** Months ahead are a next contact only with a contact word (两个月后再联系); alone they are purchase timing. */
const CONTACT_NEXT = /^\s*(?:就|会|要|再|准备|打算)*(?:联系|回访|跟进|跟|打|约|回电|沟通|问|电话|微信|复|看看|来)/;
const DAY_OF_MONTH = new RegExp(
  String.raw`(?<![\d月./\-路街道巷弄里村区栋幢楼座元号室苑园城院府湾厦场第])(${NUMBER})\s*(?:号|日)(?![楼栋幢单元室院门线房店仓床厅车位\d])`,
  'g',
);
const MONTH_DAY = /(?<![\d./A-Za-z])(1[0-2]|0?[1-9])[./](3[01]|[12]\d|0?[1-9])(?![\d./%A-Za-z]|\s*[万千元块米寸平方折倍成])/g;
/** Only text that could hold a month-day date is handed to chrono (it is the costly part). */
const MAY_HAVE_DATE = /月.{0,3}[日号]|\d{4}\s*[-年]\s*\d{1,2}\s*[-月]/;
/** chrono results kept: month-day dates (十二月三日, 2026年12月3日, 2026-12-03). */
const CHRONO_KEEP = /月.{0,3}[日号]|\d{4}-\d{1,2}-\d{1,2}/;

function ownHits(text: string, clock: Clock): DateHit[] {
  const hits: DateHit[] = [];
  const push = (start: number, length: number, date: string): void => {
    const hit = { start, end: start + length, date, time: null };
    if (!hits.some((h) => overlaps(h, hit))) hits.push(hit);
  };
  for (const m of text.matchAll(WEEK)) {
    const shift = WEEK_SHIFT[m[1] ?? ''] ?? 0;
    const wd = WEEKDAY[m[2] ?? ''] ?? Number(m[2]);
    push(m.index, m[0].length, ymd(monday(clock) + shift * 7 + wd - 1));
  }
  for (const m of text.matchAll(DAY_WORD)) {
    push(m.index, m[0].length, ymd(clock.today + (DAY_WORDS[m[0]] ?? 0)));
  }
  for (const m of text.matchAll(BARE_WEEKDAY)) {
    const wd = WEEKDAY[m[1] ?? ''] ?? Number(m[1]);
    const todayWd = parts(clock.today).weekday;
    push(m.index, m[0].length, ymd(clock.today + ((wd - todayWd + 6) % 7) + 1));
  }
  for (const m of text.matchAll(WEEKEND)) {
    const shift = WEEK_SHIFT[m[1] ?? ''] ?? 0;
    let saturday = monday(clock) + shift * 7 + 5;
    if (saturday < clock.today) saturday += 7;
    push(m.index, m[0].length, ymd(saturday));
  }
  for (const m of text.matchAll(MONTH_EDGE)) {
    const { year, month } = parts(clock.today);
    const firstOfNext = dayOf(year + Math.floor(month / 12), (month % 12) + 1, 1);
    if (firstOfNext !== null) push(m.index, m[0].length, ymd(m[0].endsWith('初') ? firstOfNext : firstOfNext - 1));
  }
  for (const m of text.matchAll(AFTER)) {
    const n = parseNumber(m[1] ?? m[3] ?? '') ?? (m[1] === '半' ? 0.5 : null);
    if (n === null) continue;
    const next = text.slice(m.index + m[0].length);
    if (PURCHASE_NEXT.test(next)) continue;
    const unit = (m[2] ?? '天').replace('个', '');
    if (unit === '月' && !CONTACT_NEXT.test(next)) continue;
    const date =
      unit === '月'
        ? Number.isInteger(n)
          ? plusMonths(clock, n)
          : clock.today + Math.round(n * 30)
        : clock.today + Math.round(n * (unit === '天' || unit === '日' ? 1 : 7));
    push(m.index, m[0].length, ymd(date));
  }
  for (const m of text.matchAll(MONTH_DAY)) {
    const date = monthDay(clock, Number(m[1]), Number(m[2]));
    if (date) push(m.index, m[0].length, date);
  }
  for (const m of text.matchAll(DAY_OF_MONTH)) {
    const day = parseNumber(m[1] ?? '');
    if (day === null || !Number.isInteger(day) || day < 1 || day > 31) continue;
    const date = dayOfMonth(clock, day);
    if (date) push(m.index, m[0].length, date);
  }
  return hits;
}

/** 12月3日 / 12.3: this year, or next year when already past. */
function monthDay(clock: Clock, month: number, day: number): string | null {
  const { year } = parts(clock.today);
  const date = dayOf(year, month, day);
  if (date !== null && date >= clock.today) return ymd(date);
  // 2月29日 in a year without one: the next year that has it is too far to mean anything.
  const next = dayOf(year + 1, month, day);
  return next === null ? null : ymd(next);
}

/** 28号: this month, or next month when already past (skipping months too short for it). */
function dayOfMonth(clock: Clock, day: number): string | null {
  const { year: y, month: m } = parts(clock.today);
  for (let k = 0; k < 3; k++) {
    const month = ((m - 1 + k) % 12) + 1;
    const year = y + Math.floor((m - 1 + k) / 12);
    const d = dayOf(year, month, day);
    if (d !== null && d >= clock.today) return ymd(d);
  }
  return null;
}

function chronoHits(text: string, clock: Clock): DateHit[] {
  if (!MAY_HAVE_DATE.test(text)) return [];
  const results = chronoParse(text, { instant: clock.now, timezone: clock.offset }, { forwardDate: true });
  const hits: DateHit[] = [];
  for (const r of results) {
    if (!CHRONO_KEEP.test(r.text)) continue;
    const mo = r.start.get('month');
    const d = r.start.get('day');
    if (!(r.start.isCertain('day') && r.start.isCertain('month') && mo && d)) continue;
    const y = r.start.get('year');
    const exact = r.start.isCertain('year') && y ? dayOf(y, mo, d) : null;
    const date = exact !== null ? ymd(exact) : monthDay(clock, mo, d);
    // Its time of day, if any, is read by findTimes: chrono reads 一点 in 便宜一点 as 1 o'clock.
    const trimmed = r.text.replace(/\s+$/, '');
    const cut = /[上中下]午|早上|晚上|傍晚|凌晨|[\d零一二两三四五六七八九十]+\s*[点:]/.exec(trimmed.slice(trimmed.search(/[日号]/) + 1));
    const length = cut ? trimmed.search(/[日号]/) + 1 + cut.index : trimmed.length;
    if (date !== null) hits.push({ start: r.index, end: r.index + length, date, time: null });
  }
  return hits;
}

/** Every date or time in the text, in order, with times joined to the date they follow. */
export function findDates(text: string, clock: Clock): DateHit[] {
  const own = ownHits(text, clock);
  const merged: DateHit[] = [...own];
  for (const c of chronoHits(text, clock)) if (!own.some((o) => overlaps(o, c))) merged.push(c);
  for (const t of findTimes(text)) {
    const hit = merged.find((o) => overlaps(o, t));
    if (hit) {
      hit.time ??= t.time;
      hit.end = Math.max(hit.end, t.end);
      continue;
    }
    merged.push({ start: t.start, end: t.end, date: null, time: t.time });
  }
  merged.sort((a, b) => a.start - b.start);
  const out: DateHit[] = [];
  for (const h of merged) {
    const prev = out[out.length - 1];
    if (h.date === null && prev && prev.date !== null && prev.time === null && /^\s{0,2}(?:的)?$/.test(text.slice(prev.end, h.start))) {
      prev.time = h.time;
      prev.end = h.end;
      continue;
    }
    out.push(h);
  }
  return out;
}

export interface DatePick {
  next: { date: string; time: string | null } | null;
  /** Dates on or before today, with their clause (for first-contact wording). */
  past: Array<{ date: string; clause: Span }>;
  /** Where each date falls: what the message says happened then, or is to happen. */
  timeline: Timeline;
}

export interface Timeline {
  /** Dates the message looks forward to: plans there are not yet facts. */
  future: Span[];
  /** Days before today (昨天, 上周三): what is said of them has happened. */
  before: Span[];
  /** Today, not looking forward (今天到店, 今天下午到店了). */
  today: Span[];
}

/**
 * Today's date counts as the next contact only when the rep says they will do something then.
 * A bare 今天到店 / 今天上门 reports the visit; with a later part of the day or a plan word
 * (今天下午到店, 今天要来店) it is still to come.
 */
const TODAY_PLAN = /再|回访|跟进|回电|复|约|见面|过来|去|打|上午|中午|下午|傍晚|晚上|晚点|待会|一会|稍后|要|会|准备|打算/;
/** A plan said before the day (约了今天到店, 准备今天上门). */
const PLAN_BEFORE_TODAY = /约|要|会|准备|打算|计划|安排/;

function minutesOf(time: string): number {
  const [hh, mm] = time.split(':').map(Number);
  return (hh ?? 0) * 60 + (mm ?? 0);
}

export function pickDates(text: string, hits: DateHit[], clock: Clock): DatePick {
  const today = ymd(clock.today);
  const tomorrow = ymd(clock.today + 1);
  let next: DatePick['next'] = null;
  const past: DatePick['past'] = [];
  const timeline: Timeline = { future: [], before: [], today: [] };
  for (const h of hits) {
    const clause = clauseAt(text, h.start);
    const span = { start: h.start, end: h.end };
    let date = h.date;
    if (date === null) date = minutesOf(h.time ?? '00:00') > clock.minuteOfDay ? today : tomorrow;
    const after = text.slice(h.end, clause.end);
    const planned = TODAY_PLAN.test(after) || PLAN_BEFORE_TODAY.test(text.slice(clause.start, h.start));
    const later = h.time !== null && minutesOf(h.time) > clock.minuteOfDay;
    const future =
      date > today || (date === today && (h.date === null || ((planned || later) && !/[了过的]/.test(after))));
    if (future) {
      timeline.future.push(span);
      if (next === null) next = { date, time: h.time };
    } else {
      past.push({ date, clause });
      (date === today ? timeline.today : timeline.before).push(span);
    }
  }
  return { next, past, timeline };
}
