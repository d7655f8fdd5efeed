/**
 * Text helpers shared by the extractors. Every transformation keeps the string's length, so an
 * index found in the working text is also an index into the message as the rep typed it: fields
 * "as written" are sliced from the original.
 */

/** Full-width ASCII (０-９, Ａ, ，：～ …) and the ideographic space fold to their half-width forms. */
export function fold(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0x0d || c === 0x0a || c === 0x09) out += ' ';
    else out += raw[i];
  }
  return out;
}

/** Characters that separate the pieces of a chat message (after folding). */
export const SEP_CHARS = ' ,、;。!?:…/|()[]【】「」\u00a0';
const SEP_SET = new Set(SEP_CHARS);

export function isSep(ch: string | undefined): boolean {
  return ch !== undefined && SEP_SET.has(ch);
}

/** Replaces [start, end) with spaces: the span is consumed but positions stay put. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

export interface Span {
  start: number;
  end: number;
}

/** Maximal runs of non-separator characters in [from, to). */
export function pieces(text: string, from = 0, to = text.length): Span[] {
  const out: Span[] = [];
  let start = -1;
  for (let i = from; i < to; i++) {
    if (isSep(text[i])) {
      if (start >= 0) out.push({ start, end: i });
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push({ start, end: to });
  return out;
}

/** The span without separators on either side. */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && isSep(text[start])) start++;
  while (end > start && isSep(text[end - 1])) end--;
  return { start, end };
}

/** The clause around an index: the stretch between the nearest separators. */
export function clauseAt(text: string, index: number): Span {
  let start = index;
  while (start > 0 && !isSep(text[start - 1])) start--;
  let end = index;
  while (end < text.length && !isSep(text[end])) end++;
  return { start, end };
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '\u4e00' && ch <= '\u9fff';
}

/** List numbering (1. 2、 ① 一、) at the start of a piece: it separates, it says nothing. */
const LIST_MARK = /(?<=^|[\s;,。:])(?:\d{1,2}|[一二三四五六七八九十])[.、)](?=\s*[^\d\s.、)])|[\u2460-\u2473]/g;

export function blankListMarks(text: string): string {
  let out = text;
  for (const m of text.matchAll(LIST_MARK)) out = blank(out, m.index, m.index + m[0].length);
  return out;
}
