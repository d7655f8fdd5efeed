import { NUMBER } from './numerals.js';
import type { Span } from './text.js';
import type { Tense, TenseReader } from './tense.js';
import type { Method, Milestone } from './types.js';

/**
 * How the rep was in touch (method) and what has already happened (milestone), judged by
 * tense.ts. The method is how this contact happened: any mention not planned, denied or left
 * open (电话沟通, 到店看了样品), so a planned 周末到店 never turns a phone call into a store
 * visit. The milestone must be marked as done (已经上门量尺了, 今天到店了, 刚试驾完); a bare
 * 到店看样品 may be a plan and is not counted.
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
  ['deposit', /(?:交|付|缴|收)(?:了|到)?[定订]金?|下了?定(?!决心)|定金|订金|意向金|诚意金/g],
  // 看过房了, 看了两次房, 试过驾, 来过店: the aspect inside the words marks them done.
  ['visit', /上门|量尺|测量|到店|来店|进店|试驾|看房|带看|看样板|到访|来访|实地|看(?:了|过)(?:[一二两三四五几\d]+次|一下|一圈)?房|试(?:了|过)驾|(?:到|来|进)过店|上过门|量过尺/g],
];

/** A deposit stated with its amount is a receipt, not a plan (付定金5000, 交2000订金). */
const AMOUNT_AFTER = new RegExp(String.raw`^金?\s*(?:了|是|为|:)?\s*${NUMBER}`);
const AMOUNT_BEFORE = new RegExp(String.raw`${NUMBER}\s*(?:元|块|万|千|w|k)?\s*$`, 'i');

/** Something happened with the lead: contact, a visit, a deposit, a reaction. */
export const ACTIVITY =
  /电话|打了|打过|没接|接了|拒接|微信|短信|上门|量尺|到店|来店|试驾|看房|看车|定金|订金|下定|沟通|联系|聊|谈|回复|反馈|报价|发了|加了|犹豫|考虑|满意|说|回访|跟进|看了|来了|去了|方案|进度|意向[升降]|签|下单|准备|打算|价格|优惠|砍价|对比|比较|问了|咨询|约了|安排/;

/** `tense` reads the same `text` (tenseReader). */
export function findMethod(text: string, tense: TenseReader): Method | null {
  const happened = (t: Tense): boolean => t === 'done' || t === 'unmarked';
  let best: { value: Method; index: number } | null = null;
  for (const [value, re] of METHODS) {
    for (const m of text.matchAll(re)) {
      if (best !== null && m.index >= best.index) break;
      if (happened(tense({ start: m.index, end: m.index + m[0].length }))) {
        best = { value, index: m.index };
        break;
      }
    }
  }
  return best?.value ?? null;
}

/**
 * A deposit outranks a visit: it is the further milestone. A mention with no tense at all
 * (跟进 张伟 上门量尺 下周出图) counts: a follow-up log reports what happened, and only a plan, a
 * future date, a denial or hearsay (客户说来看房) turns it into something that has not.
 */
export function findMilestone(text: string, tense: TenseReader): Milestone | null {
  for (const [value, re] of MILESTONES) {
    for (const m of text.matchAll(re)) {
      const cue = { start: m.index, end: m.index + m[0].length };
      const marked = /了|过/.test(m[0]) || (value === 'deposit' && statesAmount(tense.masked, tense.scope(cue.start), cue));
      const t = tense(cue, marked);
      // A bare noun (问了定金政策) is talk about a deposit; a bare verb (交定金) reports one.
      const reported = value === 'visit' || /^(?:交|付|缴|收|下)/.test(m[0]);
      if (t === 'done' || (t === 'unmarked' && reported)) return value;
    }
  }
  return null;
}

/** `masked`: dates blanked out, so 交定金三天后 states no amount. */
function statesAmount(masked: string, clause: Span, cue: Span): boolean {
  return AMOUNT_AFTER.test(masked.slice(cue.end, clause.end)) || AMOUNT_BEFORE.test(masked.slice(clause.start, cue.start));
}
