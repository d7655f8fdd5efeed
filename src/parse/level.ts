import { parseNumber } from './numerals.js';
import type { Level } from './types.js';
import type { Span } from './text.js';

/**
 * Intent level. An explicit grade (A级, A类, 意向升A) wins over everything; otherwise the stated
 * purchase timing maps onto the default scheme: within 7 days H, within a month A, 1–3 months B,
 * longer C.
 */
const EXPLICIT_ALL = [
  // 奔驰C级 / 看A级车 are models, not grades.
  /(?<![A-Za-z]|奔驰|迈巴赫|看|买|要|试驾)([HABChabc])\s*(?:级|类|档)(?!车)/g,
  /意向(?:度|级别|等级)?(?:升|提升|升级|降|降级|调|改)?(?:为|到|至|成)?\s*([HABChabc])(?![A-Za-z0-9])/g,
  /(?:升|降|调)级?(?:为|到|至|成)\s*([HABChabc])(?![A-Za-z0-9])|(?:升|降)\s*([HABChabc])(?![A-Za-z0-9])/g,
  /(?:级别|等级)[:\s]*([HABChabc])(?![A-Za-z0-9])/g,
];


const PURCHASE = '(?:就|会|能|要|再|才|可能|准备|打算|应该|估计)*(?:定|买|订|下定|下单|签|成交|提车|购买|入手|决定|装修|入住)';
const AFTER_PURCHASE = new RegExp(`^\\s*(?:以后|之后|后)${PURCHASE}`);
const N = String.raw`(?:\d+|[一二两三四五六七八九十半]+)`;
/** A duration: 一两个月, 1-3个月, 7天, 两周, 半年. */
const DURATION = new RegExp(String.raw`(${N}(?:\s*(?:-|~|到|至)\s*${N})?)\s*(天|日|周|个?星期|个?礼拜|个月|年)`, 'g');

const WORDS: ReadonlyArray<readonly [Level, RegExp]> = [
  ['H', new RegExp(String.raw`(?:这|本)(?:周|个?星期|个?礼拜)(?![一二三四五六日天末1-7])|这两天|这几天|近两天|近几天|马上|立刻|(?:今天|明天|后天|下周|下个?星期|下礼拜)${PURCHASE}`, 'g')],
  ['A', /这个?月|本月|月内|月底(?:之)?前|月底/g],
  ['B', new RegExp(`下个?月|过段时间${PURCHASE}`, 'g')],
  ['C', /半年|明年|不急|不着急|不太急|不怎么急|慢慢(?:看|挑|选)|年后|过完年|以后再说|暂时不(?:买|考虑)|今年不/g],
];

export interface LevelHit extends Span {
  level: Level;
  explicit: boolean;
}

function byDays(days: number): Level {
  if (days <= 7) return 'H';
  if (days <= 31) return 'A';
  if (days <= 92) return 'B';
  return 'C';
}

const UNIT_DAYS: Record<string, number> = { 天: 1, 日: 1, 周: 7, 星期: 7, 礼拜: 7, 月: 30, 年: 365 };

function lowerBound(n: string): number | null {
  const first = n.split(/\s*(?:-|~|到|至)\s*/)[0] ?? '';
  if (first === '半') return 0.5;
  if (/^[一二两三四五六七八九]{2}$/.test(first)) return parseNumber(first[0] ?? '');
  return parseNumber(first);
}

function upperBound(n: string): number | null {
  const parts = n.split(/\s*(?:-|~|到|至)\s*/);
  const last = parts[parts.length - 1] ?? '';
  if (last === '半') return 0.5;
  // 一两 / 两三 / 三五: two digits side by side are a range; the larger one bounds it.
  if (/^[一二两三四五六七八九]{2}$/.test(last)) return parseNumber(last[1] ?? '');
  return parseNumber(last);
}

function timing(text: string, all?: LevelHit[]): LevelHit | null {
  let best: LevelHit | null = null;
  const consider = (hit: LevelHit): void => {
    all?.push(hit);
    if (best === null || hit.start < best.start) best = hit;
  };
  for (const m of text.matchAll(DURATION)) {
    const start = m.index;
    let end = start + m[0].length;
    const rest = text.slice(end, end + 12);
    const unit = (m[2] ?? '').replace('个', '');
    const n = upperBound(m[1] ?? '');
    // 2026年 is a year, not a duration.
    if (n === null || (unit === '年' && n > 10)) continue;
    const days = n * (UNIT_DAYS[unit] ?? 1);
    const within = /^\s*(?:之内|以内|内)/.exec(rest);
    const after = AFTER_PURCHASE.exec(rest);
    const later = /^\s*(?:以上|以后|之后|后)/.exec(rest);
    if (within) {
      end += within[0].length;
      consider({ start, end, level: byDays(days), explicit: false });
    } else if (after) {
      // 两三个月后买: they buy once the shorter wait is over, and not before.
      const least = lowerBound(m[1] ?? '') ?? n;
      consider({ start, end: end + after[0].length, level: byDays(least * (UNIT_DAYS[unit] ?? 1) + 7), explicit: false });
    } else if ((unit === '月' || unit === '年') && !later) {
      // 一两个月 / 半年 with nothing after still states when they will buy.
      consider({ start, end, level: byDays(days), explicit: false });
    } else if ((unit === '月' || unit === '年') && later) {
      // 三个月以上 / 三个月以后 is longer than three months.
      const least = lowerBound(m[1] ?? '') ?? n;
      consider({ start, end: end + later[0].length, level: byDays(least * (UNIT_DAYS[unit] ?? 1) + 7), explicit: false });
    }
  }
  for (const [level, re] of WORDS) {
    for (const m of text.matchAll(re)) {
      consider({ start: m.index, end: m.index + m[0].length, level, explicit: false });
    }
  }
  return best;
}

const LETTER: Record<string, Level> = { H: 'H', A: 'A', B: 'B', C: 'C' };

export interface LevelReading {
  level: LevelHit | null;
  /** Every grade or timing phrase (不急，明年再说 are both about when they buy). */
  spans: Span[];
}

/** `dates` are where dates were read: a timing phrase wholly inside one is that date, not a level. */
export function readLevel(text: string, dates: readonly Span[] = []): LevelReading {
  const spans: LevelHit[] = [];
  let explicit: LevelHit | null = null;
  for (const re of EXPLICIT_ALL) {
    for (const m of text.matchAll(re)) {
      const level = LETTER[(m[1] ?? m[2] ?? '').toUpperCase()];
      if (!level) continue;
      const hit = { start: m.index, end: m.index + m[0].length, level, explicit: true };
      spans.push(hit);
      explicit ??= hit;
    }
  }
  const timings: LevelHit[] = [];
  timing(text, timings);
  const kept = timings.filter((t) => !dates.some((d) => d.start <= t.start && t.end <= d.end));
  spans.push(...kept);
  const timed = kept.reduce<LevelHit | null>((best, t) => (best === null || t.start < best.start ? t : best), null);
  return { level: explicit ?? timed, spans };
}
