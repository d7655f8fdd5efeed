import type { Timeline } from './dates.js';
import { clauseAt, isSep, type Span } from './text.js';

/**
 * Whether something a message mentions (到店, 交定金, 电话) has happened. parse.md keeps the
 * milestone for what already happened, so a planned 周末到店看样品 must not read as a visit.
 *
 * The rule, per clause:
 * - A clause ends at ，,。；;！？、… . A space (or /, :) ends it too, unless all that stands
 *   before it is a time or a tense word (周末 到店看样品, 客户说 下周三 来看房), which then
 *   governs what follows.
 * - Denied right before the word (没/未/还没/没有/不 到店): it did not happen.
 * - Before the word, the last time or tense word in the clause decides:
 *   a future date (明天, 后天, 周X, 下周X, 本周X, 周末, N天后, 月底, X号, today at a later
 *   hour) or a plan word (打算, 准备, 计划, 约, 想, 要, 会, 将, 再, 下次…) makes it planned;
 *   已/已经/刚/刚刚/刚才 or a past day (昨天, 前天) makes it done; 今天 makes it done unless a
 *   plan came earlier in the clause (约了今天到店). A bare part of the day (下午) or 说
 *   leaves it open.
 * - After the word, in its clause, 了/过/完/已 (到店看了样品, 试驾完, 定金已付) mark it done,
 *   unless a plan or a future date comes first (量尺改到周六了).
 * - A plan written after the word (量尺约了周六, 试驾约在下周六, 量尺改到周四, 量尺时间定在周四)
 *   makes it planned: scheduling words or a future date before any mark of it being done.
 */
export type Tense = 'denied' | 'planned' | 'open' | 'unmarked' | 'done';

/** Clause ends that no time word reaches across. */
const HARD_SEP = new Set([',', '、', ';', '。', '!', '?', '…']);

const PLAN =
  /打算|准备|计划|预计|预约|(?<!大)约(?![好了]?的)|安排|(?<!理)想(?!法)|需要|要(?!求)|(?<!开)会(?![员所议场])|即将|将|再(?!次)|下次|改天|回头|过几天|过两天|到时|下周|下个?月|年底|月初|等|争取|希望|提醒|通知|邀请|邀约|可以|能(?![力耐源])|待会|一会|稍后|马上|改到|改约/g;
const DONE = /已经|已(?!经)|刚刚|刚才|刚(?![需好性])/g;
/** Scheduling words after an event word: the event is being arranged, not reported. */
const PLAN_AFTER = /(?<!大)约(?![好了]?的)|预约|改到|改在|改成|改约|改期|定在|定到|定于|安排在|安排到|推到|推迟|延到|延期|放到|挪到|挪在/g;
/** A part of the day or hearsay: not planned for sure, not done unless marked after. */
const OPEN = /上午|中午|下午|傍晚|晚上|早上|晚点|说/g;
const DENIED_BEFORE = /(?:没|未|还没|没有|不|别)(?:有|去|来|能|会|再|过来)?\s*$/;
const DONE_AFTER = /了(?!解)|过(?![来去程])|完(?![善整])|已(?!经?(?:约|预约|安排|计划|准备))/g;
/** What may stand alone before a space and still belong to the next words (客户说 下周三 来看房). */
const FILLER = /客户|客人|顾客|他|她|对方|大概|可能|应该|也|就|还|都|[\sD]/g;

interface Mark {
  at: number;
  kind: 'future' | 'done' | 'today' | 'open';
}

function within(spans: readonly Span[], from: number, to: number): Span[] {
  return spans.filter((s) => s.start >= from && s.end <= to);
}

function wordsIn(text: string, re: RegExp, from: number, to: number): number[] {
  const out: number[] = [];
  for (const m of text.slice(from, to).matchAll(re)) out.push(from + m.index);
  return out;
}

export interface TenseReader {
  /** `marked`: the word carries its own proof (交了定金, 定金5000). */
  (cue: Span, marked?: boolean): Tense;
  /** The clause a word is judged in, time words before a space included. */
  scope(at: number): Span;
  /** The text with every date replaced by D (same length). */
  masked: string;
}

/** 了 right after a scheduling word (约了) belongs to it. */
function belongsToPlan(mask: string, at: number): boolean {
  return mask[at] === '了' && (mask[at - 1] === '约' || mask[at - 1] === '好');
}

export function tenseReader(text: string, timeline: Timeline): TenseReader {
  // Dates are single words here: 12/3 must not split at its slash.
  let mask = text;
  for (const d of [...timeline.future, ...timeline.before, ...timeline.today]) {
    mask = mask.slice(0, d.start) + 'D'.repeat(d.end - d.start) + mask.slice(d.end);
  }

  const isBare = (piece: Span): boolean => {
    const words = mask.slice(piece.start, piece.end);
    return words.replace(FILLER, '').replace(PLAN, '').replace(DONE, '').replace(OPEN, '') === '';
  };

  const scope = (at: number): Span => {
    const own = clauseAt(mask, at);
    let start = own.start;
    for (;;) {
      let k = start - 1;
      while (k >= 0 && isSep(mask[k]) && !HARD_SEP.has(mask[k] ?? '')) k--;
      if (k < 0 || HARD_SEP.has(mask[k] ?? '')) break;
      const prev = clauseAt(mask, k);
      if (!isBare(prev)) break;
      start = prev.start;
    }
    return { start, end: own.end };
  };

  const marksBefore = (from: number, to: number): Mark[] => {
    const marks: Mark[] = [
      ...within(timeline.future, from, to).map((s) => ({ at: s.start, kind: 'future' as const })),
      ...within(timeline.before, from, to).map((s) => ({ at: s.start, kind: 'done' as const })),
      ...within(timeline.today, from, to).map((s) => ({ at: s.start, kind: 'today' as const })),
      ...wordsIn(mask, PLAN, from, to).map((at) => ({ at, kind: 'future' as const })),
      ...wordsIn(mask, DONE, from, to).map((at) => ({ at, kind: 'done' as const })),
      // 昨天下午 is as past as 昨天.
      ...wordsIn(mask, OPEN, from, to)
        .filter((at) => !timeline.before.some((d) => d.end === at))
        .map((at) => ({ at, kind: 'open' as const })),
    ];
    return marks.sort((a, b) => a.at - b.at);
  };

  const read = (cue: Span, marked = false): Tense => {
    const own = clauseAt(mask, cue.start);
    if (DENIED_BEFORE.test(text.slice(own.start, cue.start))) return 'denied';
    let state: 'none' | 'planned' | 'done' | 'open' = 'none';
    for (const m of marksBefore(scope(cue.start).start, cue.start)) {
      if (m.kind === 'future') state = 'planned';
      else if (m.kind === 'done') state = 'done';
      else if (m.kind === 'today') state = state === 'planned' ? 'planned' : 'done';
      else if (state !== 'planned') state = 'open';
    }
    if (state === 'planned') return 'planned';
    if (state !== 'done' && !marked && plannedAfter(cue.end, own.end)) return 'planned';
    if (state === 'done' || marked || doneAfter(cue.end, own.end)) return 'done';
    return state === 'open' ? 'open' : 'unmarked';
  };

  const plannedAfter = (from: number, to: number): boolean => {
    const plan = Math.min(wordsIn(mask, PLAN_AFTER, from, to)[0] ?? Infinity, within(timeline.future, from, to)[0]?.start ?? Infinity);
    if (plan === Infinity) return false;
    const done = wordsIn(mask, DONE_AFTER, from, to).find((at) => !belongsToPlan(mask, at)) ?? Infinity;
    return plan < done;
  };

  const doneAfter = (from: number, to: number): boolean => {
    const done = wordsIn(mask, DONE_AFTER, from, to)[0];
    if (done === undefined) return false;
    const plan = wordsIn(mask, PLAN, from, to)[0] ?? Infinity;
    const future = within(timeline.future, from, to)[0]?.start ?? Infinity;
    return done < plan && done < future;
  };

  return Object.assign(read, { scope, masked: mask });
}
