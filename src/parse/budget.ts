import { parseNumber } from './numerals.js';
import type { Budget } from './types.js';
import type { Span } from './text.js';

/**
 * 预算 in yuan. An amount counts as a budget when it carries a money unit (万/w/千/k/元/块), a
 * range or bound word, or a budget cue (预算/价位…) before it; bare numbers are model names
 * (瑞虎8) or counts. Money that is not the customer's budget (定金5000, 首付30万) is skipped.
 */
const AMOUNT =
  /(\d+(?:\.\d+)?)\s*(万|w|W|千|k|K)?(\d(?![\d.]))?\s*(元|块钱|块)?|([一二两俩三四五六七八九十][零〇一二两俩三四五六七八九十百千万]*)(元|块钱|块)?/g;
const RANGE_SEP = /^\s*(?:-|~|〜|—|–|到|至)\s*$/;
/** A period between the cue and the amount (预算一年两万) keeps the cue: the amount is per period. */
const PERIOD = '(?:[一每](?:年|个月|月|学期|季度|季|期|节课?|课时)|年|月|学期)';
const CUE = new RegExp(`(?:预算|价位|价格|价钱|总价|心理价位?|budget)(?:[^\\d零〇一二两俩三四五六七八九十]|${PERIOD}){0,6}$`, 'i');
/** An amount followed by a period is the period's length (一年), not money. */
const PERIOD_AFTER = /^(?:年|个月|个星期|星期(?![一二三四五六日天])|周(?![一二三四五六日天末])|天|学期|季度|季|期|节|课时|次)/;
const PERIOD_BEFORE = new RegExp(`${PERIOD}\\s*$`);
const NOT_BUDGET_BEFORE = /(?:定金|订金|意向金|诚意金|首付|月供|贷款|优惠|便宜|降价?|差价|差|退|返|送|补|交了?|付了?|收了?|进度)\s*$/;
const NOT_BUDGET_AFTER = /^\s*(?:定金|订金|意向金|诚意金|%|平|㎡|个|天|号|点|岁|人|套|台|辆|张|间|室|楼|层|公里|km)/i;
const UPPER_AFTER = /^\s*(?:以内|之内|以下|内|封顶)/;
const LOWER_AFTER = /^\s*(?:以上|起步?|往上)/;
const ABOUT_AFTER = /^\s*(?:左右|上下|出头|之间|多)/;
const UPPER_BEFORE = /(?:不超过|不高于|最多|最高|顶多|封顶|控制在)\s*$/;
const LOWER_BEFORE = /(?:至少|最少|起码|不低于|不少于)\s*$/;

const UNIT: Record<string, number> = { 万: 10_000, w: 10_000, W: 10_000, 千: 1000, k: 1000, K: 1000 };

interface Amount extends Span {
  value: number;
  /** Upper end of a range written as one word (三四万). */
  high?: number;
  /** The amount carried its own multiplier or money word. */
  unit: number | null;
  money: boolean;
}

function readAmount(m: RegExpMatchArray): Amount | null {
  const start = m.index ?? 0;
  const end = start + m[0].replace(/\s+$/, '').length;
  if (m[1] !== undefined) {
    const base = Number(m[1]);
    const unit = m[2] ? (UNIT[m[2]] ?? null) : null;
    // 1万5 = 15000: the trailing digit is tenths of the unit.
    const tail = m[3] && unit ? (Number(m[3]) * unit) / 10 : 0;
    if (m[3] && !unit) return null;
    return { start, end, value: base * (unit ?? 1) + tail, unit, money: Boolean(m[4]) };
  }
  const cn = m[5] ?? '';
  const hasUnit = /[万千]/.test(cn);
  const value = parseNumber(cn);
  if (value !== null) return { start, end, value, unit: hasUnit ? 1 : null, money: Boolean(m[6]) };
  // 三四万 / 两三千: two neighbouring digits are a range.
  const pair = /^([一二两三四五六七八九])([一二两三四五六七八九])(十|百)?(万|千)?$/.exec(cn);
  if (!pair) return null;
  const unit = (pair[3] === '十' ? 10 : pair[3] === '百' ? 100 : 1) * (pair[4] === '万' ? 10_000 : pair[4] === '千' ? 1000 : 1);
  const low = parseNumber(pair[1] ?? '');
  const high = parseNumber(pair[2] ?? '');
  if (low === null || high === null) return null;
  return { start, end, value: low * unit, high: high * unit, unit: hasUnit ? 1 : null, money: Boolean(m[6]) };
}

export interface BudgetHit extends Span {
  budget: Budget;
}

export function findBudget(text: string): BudgetHit | null {
  const amounts: Amount[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const a = readAmount(m);
    if (a) amounts.push(a);
  }
  for (let i = 0; i < amounts.length; i++) {
    const first = amounts[i]!;
    let last = first;
    let low = first.value;
    let high = first.high ?? first.value;
    const next = amounts[i + 1];
    if (next && RANGE_SEP.test(text.slice(first.end, next.start))) {
      last = next;
      // 2-3万: the first end borrows the unit of the second.
      low = first.unit === null && !first.money && next.unit !== null ? first.value * unitOf(text, next) : first.value;
      high = next.value;
    }
    const before = text.slice(Math.max(0, first.start - 12), first.start);
    const after = text.slice(last.end, last.end + 4);
    if (last === first && first.unit === null && !first.money && PERIOD_AFTER.test(after)) continue;
    const cued = CUE.test(before);
    const bounded = UPPER_AFTER.test(after) || LOWER_AFTER.test(after) || ABOUT_AFTER.test(after);
    const unitful = first.unit !== null || first.money || last.unit !== null || last.money;
    const perPeriod = PERIOD_BEFORE.test(before) && isArabicMoney(first);
    // 8000到12000: a range of money-sized numbers is a price range without any word for it.
    const moneyRange = last !== first && isArabicMoney(first) && isArabicMoney(last);
    const accepted = cued || unitful || perPeriod || moneyRange || (bounded && (last !== first || isArabicMoney(first)));
    if (!accepted) {
      i = amounts.indexOf(last);
      continue;
    }
    if (!cued && (NOT_BUDGET_BEFORE.test(before) || NOT_BUDGET_AFTER.test(after))) {
      i = amounts.indexOf(last);
      continue;
    }
    let start = first.start;
    let end = last.end;
    const cue = CUE.exec(before) ?? PERIOD_BEFORE.exec(before);
    if (cue) start = first.start - cue[0].length;
    let budget: Budget = [Math.round(low), Math.round(high)];
    const upper = UPPER_AFTER.exec(after);
    const lower = LOWER_AFTER.exec(after);
    const about = ABOUT_AFTER.exec(after);
    if (upper) {
      budget = [0, Math.round(high)];
      end += upper[0].length;
    } else if (lower) {
      budget = [Math.round(low), null];
      end += lower[0].length;
    } else if (about) end += about[0].length;
    const upperBefore = UPPER_BEFORE.exec(before);
    const lowerBefore = LOWER_BEFORE.exec(before);
    if (upperBefore && last === first) budget = [0, Math.round(high)];
    if (lowerBefore && last === first) budget = [Math.round(low), null];
    return { start, end, budget };
  }
  return null;
}

/** A bare Arabic amount of at least three digits: 5000左右 is money, 3左右 is not. */
function isArabicMoney(a: Amount): boolean {
  return a.unit === null && a.value >= 100;
}

/** The multiplier written in an amount (3万 → 10000), which a bare first end of a range borrows. */
function unitOf(text: string, a: Amount): number {
  const m = /万|w|W|千|k|K/.exec(text.slice(a.start, a.end));
  return m ? (UNIT[m[0]] ?? 1) : 1;
}
