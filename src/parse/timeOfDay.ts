import { parseNumber } from './numerals.js';
import type { Span } from './text.js';

/**
 * Clock times as reps write them: 15:00, 3点, 3点半, 下午三点一刻, 晚上8点前, 十点二十. Only an
 * explicit clock time counts (parse.md): 便宜一点 / 大一点 / 晚一点 are degree words, so a bare
 * 一点 is a time only with a part of the day before it (中午一点) or a minute after it (一点半).
 * Without 上午/下午, 1–6 o'clock in a sales chat is in the afternoon.
 */
export interface TimeHit extends Span {
  /** 'HH:MM'. */
  time: string;
  /** Set when the time ends a range (10:30-11:10, 十点半到十一点). */
  rangeEnd?: string;
}

const PART = '(凌晨|早上|早晨|清早|上午|中午|下午|傍晚|晚上|夜里|夜间|今晚|明晚|今早|明早)?';
const HOUR = '([0-2]?\\d|[零一二两三四五六七八九十]{1,3})';
const MINUTE = '(半|一刻|三刻|[0-5]?\\d\\s*分?|[零一二三四五六七八九十]{1,3}\\s*分?)?';
const ONE = new RegExp(String.raw`${PART}\s*(?:(\d{1,2})[:：](\d{2})|${HOUR}\s*[点時时](?!\s*[儿几])${MINUTE}(钟)?)`, 'y');
const RANGE_SEP = /^\s*(?:-|~|〜|—|–|到|至)\s*/;
const EVENING = new Set(['下午', '傍晚', '晚上', '夜里', '夜间', '今晚', '明晚']);
const MAY_START = /[\d零一二两三四五六七八九十凌早清上中下傍晚夜今明]/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function minutesOf(word: string | undefined): number | null {
  if (word === undefined || word === '') return 0;
  if (word === '半') return 30;
  if (word === '一刻') return 15;
  if (word === '三刻') return 45;
  const n = parseNumber(word.replace(/\s*分$/, ''));
  return n !== null && Number.isInteger(n) && n < 60 ? n : null;
}

interface Read {
  end: number;
  hour: number;
  minute: number;
  part: string | undefined;
}

function readAt(text: string, at: number): Read | null {
  ONE.lastIndex = at;
  const m = ONE.exec(text);
  if (!m) return null;
  const part = m[1];
  let hour: number | null;
  let minute: number | null;
  if (m[2] !== undefined) {
    hour = Number(m[2]);
    minute = Number(m[3]);
  } else {
    hour = parseNumber(m[4] ?? '');
    minute = minutesOf(m[5]?.trim());
    // 一点 with nothing around it is a degree word (便宜一点, 软一点).
    if (m[4] === '一' && !part && !m[5] && !m[6]) return null;
  }
  if (hour === null || minute === null || !Number.isInteger(hour) || hour > 24) return null;
  return { end: at + m[0].length, hour, minute, part };
}

function clock(r: Read, meridiemFrom?: string): string {
  let hour = r.hour;
  const part = r.part ?? meridiemFrom;
  if (part && EVENING.has(part) && hour < 12) hour += 12;
  else if (part === '中午' && hour >= 1 && hour <= 3) hour += 12;
  else if (!part && hour >= 1 && hour <= 6) hour += 12;
  return `${pad(hour % 24)}:${pad(r.minute)}`;
}

/** Every explicit clock time in the text, in order; a range is one hit with its end. */
export function findTimes(text: string): TimeHit[] {
  const out: TimeHit[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!MAY_START.test(text[i] ?? '')) continue;
    // A time starts a word: not the 3 of 13点 or the 二 of 十二点.
    const numeral = /[\d零一二两三四五六七八九十]/;
    if (i > 0 && numeral.test(text[i] ?? '') && numeral.test(text[i - 1] ?? '')) continue;
    const r = readAt(text, i);
    if (!r) continue;
    const hit: TimeHit = { start: i, end: r.end, time: clock(r) };
    const sep = RANGE_SEP.exec(text.slice(r.end, r.end + 4));
    if (sep) {
      const second = readAt(text, r.end + sep[0].length);
      if (second) {
        hit.rangeEnd = clock(second, r.part);
        hit.end = second.end;
      }
    }
    out.push(hit);
    i = hit.end - 1;
  }
  return out;
}
