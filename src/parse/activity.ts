import { clauseAt, type Span } from './text.js';
import type { Method, Milestone } from './types.js';

/**
 * How the rep was in touch (method) and what has already happened (milestone). Both describe
 * the past: a word planned for later (客户说下周三来看房, 后天到店, 提醒了试驾活动) or denied
 * (还没到店) does not count.
 */
const METHODS: ReadonlyArray<readonly [Method, RegExp]> = [
  ['phone', /电话|打了|打过|通话|致电|回电|语音|call/gi],
  ['wechat', /微信|加微|企微|vx|wx/gi],
  ['sms', /短信/g],
  ['visit', /上门|量尺|测量|入户|拜访/g],
  ['store', /到店|来店|进店|店里|展厅/g],
  ['other', /见面|面谈|视频|邮件/g],
];

const MILESTONES: ReadonlyArray<readonly [Milestone, RegExp]> = [
  ['deposit', /下定|下了定|交了?定|付了?定|定金|订金|意向金|诚意金/g],
  ['visit', /上门|量尺|测量|到店|来店|进店|试驾|看房|看样板|到访|来访|实地/g],
];

/** Words before a cue, within its clause, that make it a plan rather than a fact. */
const PLANNED_BEFORE =
  /再|约|准备|打算|要|想|会|计划|预约|安排|下次|等|将|提醒|通知|邀请|邀约|说|争取|希望|可以|能|上午|下午|中午|晚上|早上|晚点|待会|一会|稍后/;
/** Right after a cue: it is done (今天下午到店了), whatever was said before it. */
const DONE_AFTER = /^(?:了|过|完)/;
const DENIED_BEFORE = /(?:没|未|还没|没有|不)\s*$/;

function countsAsDone(text: string, index: number, length: number, futureDates: readonly Span[]): boolean {
  const clause = clauseAt(text, index);
  const before = text.slice(clause.start, index);
  if (DENIED_BEFORE.test(before)) return false;
  if (DONE_AFTER.test(text.slice(index + length))) return true;
  if (PLANNED_BEFORE.test(before)) return false;
  return !futureDates.some((d) => d.start >= clause.start && d.end <= index);
}

function firstDone<T>(
  text: string,
  rules: ReadonlyArray<readonly [T, RegExp]>,
  futureDates: readonly Span[],
): { value: T; index: number } | null {
  let best: { value: T; index: number } | null = null;
  for (const [value, re] of rules) {
    for (const m of text.matchAll(re)) {
      if (best !== null && m.index >= best.index) break;
      if (countsAsDone(text, m.index, m[0].length, futureDates)) {
        best = { value, index: m.index };
        break;
      }
    }
  }
  return best;
}

export function findMethod(text: string, futureDates: readonly Span[]): Method | null {
  return firstDone(text, METHODS, futureDates)?.value ?? null;
}

/** A deposit outranks a visit: it is the further milestone. */
export function findMilestone(text: string, futureDates: readonly Span[]): Milestone | null {
  for (const [value, re] of MILESTONES) {
    for (const m of text.matchAll(re)) {
      if (countsAsDone(text, m.index, m[0].length, futureDates)) return value;
    }
  }
  return null;
}
