import { labelledName, nameAt } from './name.js';
import type { PhoneHit } from './phone.js';
import { isHan, isSep, pieces, type Span } from './text.js';

/**
 * Several customers in one message (报备 张三 136… 看床垫；李四 136… 看沙发): each phone number
 * with the fields around it is one customer. Between two phones the message is cut at a hard
 * separator (；。 or a new line) when there is one; otherwise before the second customer's name
 * when names come before phones, or right before the second phone when they come after.
 * A phone that only adds a number to the customer before it (13611112222/13633334444, 他老婆
 * 13633334444, 备用电话 …) starts no one.
 */
const HARD = new Set([';', '。']);
/** Only number words between two phones: the second is another number of the same customer. */
const SAME_NUMBER = /^[\s/,、]*(?:或者?|或是|和|还有|另一个|另外一个|备用)?(?:号码|电话|手机|座机)?[\s/,、]*$/;
/** What a second number's piece may say without naming anyone new. */
const RELATION = /他|她|老婆|老公|爱人|媳妇|丈夫|妻子|家人|家里|备用|另一个|另外|号码|电话|手机|座机|微信|同号|也是|或者?|的|是|和/g;
/** Words before the next customer's name (还有李四, 另一个客户王姐). */
const NEXT = /^(?:还有|另外|另一个|另一位|以及|和|第[二三四五六七八九十]个|第[二三四五六七八九十]位)?(?:客户|客人|顾客|家长|业主)?(?:是|叫)?/;

function nameIn(text: string, piece: Span): boolean {
  const word = text.slice(piece.start, piece.end);
  const lead = NEXT.exec(word)?.[0].length ?? 0;
  const hit = nameAt(text, piece.start + lead);
  return hit !== null && hit.end === piece.end;
}

function hasName(text: string, from: number, to: number): boolean {
  const slice = text.slice(0, to);
  return pieces(slice, from, to).some((p) => nameIn(slice, p)) || labelledName(slice.slice(from)) !== null;
}

/** Start of the last piece in (from, to) that names someone, or -1. */
function lastNameStart(text: string, from: number, to: number): number {
  // A name glued to the phone (李四13633334444) ends where the phone begins.
  const slice = text.slice(0, to);
  const ps = pieces(slice, from, to);
  for (let k = ps.length - 1; k >= 0; k--) {
    const p = ps[k]!;
    if (nameIn(slice, p)) return p.start;
  }
  return -1;
}

/** `raw` is the message as typed (same length as `text`): its new lines are hard separators. */
export function customerSpans(raw: string, text: string, from: number, phones: readonly PhoneHit[]): Span[] {
  if (phones.length < 2) return [{ start: from, end: text.length }];
  const nameFirst = hasName(text, from, phones[0]!.start);
  const cuts: number[] = [];
  for (let i = 0; i + 1 < phones.length; i++) {
    const a = phones[i]!;
    const b = phones[i + 1]!;
    const gap = text.slice(a.end, b.start);
    if (SAME_NUMBER.test(gap)) continue;
    let cut = -1;
    for (let k = b.start - 1; k >= a.end; k--) {
      if (HARD.has(text[k] ?? '') || raw[k] === '\n') {
        cut = k + 1;
        break;
      }
    }
    if (cut < 0 && nameFirst) {
      const at = lastNameStart(text, a.end, b.start);
      if (at > a.end) cut = at;
    }
    if (cut < 0) cut = b.start;
    if (!joinsPrevious(text, a.end, b)) cuts.push(cut);
  }
  const out: Span[] = [];
  let start = from;
  for (const cut of cuts) {
    out.push({ start, end: cut });
    start = cut;
  }
  out.push({ start, end: text.length });
  return out;
}

/** Between the previous phone and this one (its piece included) nothing but whose number it is. */
function joinsPrevious(text: string, from: number, phone: PhoneHit): boolean {
  let end = phone.end;
  while (end < text.length && !isSep(text[end])) end++;
  const said = text.slice(from, phone.start) + text.slice(phone.end, end);
  for (const ch of said.replace(RELATION, '')) if (isHan(ch)) return false;
  return true;
}
