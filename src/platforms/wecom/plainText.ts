import type { CardElement } from '../../cards/model.js';
import { LIMITS } from './templateCard.js';
import { fill, wecomTexts } from './texts.js';

/**
 * A **bold** span of the card model's markdown-lite. A delimiter is exactly two asterisks: the
 * run of a masked phone (138****8123) is text, also inside bold (**138****8123**).
 */
const BOLD = /(?<!\*)\*\*(?!\*)(.+?)(?<!\*)\*\*(?!\*)/g;

/** Plain-text layout shared by the template card and markdown renderings: WeCom cards show no rich text. */
export function plainText(text: string): string {
  return text.replace(BOLD, '$1');
}

/**
 * Text for WeCom markdown: bold stays bold, except a span holding asterisks (a masked phone),
 * which WeCom markdown has no escape for; it is shown plain rather than mangled.
 */
export function markdownText(text: string): string {
  return text.replace(BOLD, (_, inner: string) => (inner.includes('*') ? inner : `**${inner}**`));
}

/** A text-only reply, as message/send's `text` payload. */
export function renderText(text: string): { msgtype: 'text'; text: { content: string } } {
  // WeCom would cut at 2048 bytes anyway; cutting here keeps the cut on a character boundary.
  return { msgtype: 'text', text: { content: clipBytes(plainText(text), LIMITS.contentBytes) } };
}

export function tableLines(columns: string[], rows: string[][]): string[] {
  return [columns.join(' | '), ...rows.map((r) => r.join(' | '))];
}

export function chartLines(el: Extract<CardElement, { type: 'chart' }>): string[] {
  const total = el.data.reduce((s, d) => s + d.value, 0);
  return [
    el.title,
    ...el.data.map((d) =>
      el.kind === 'pie' && total > 0
        ? fill(wecomTexts.chartRow, { label: d.label, value: String(d.value), share: `${Math.round((d.value / total) * 100)}%` })
        : `${d.label}：${d.value}`,
    ),
  ];
}

/** Cuts text to `max` characters (code points, so a Chinese character is never split). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Cuts text to WeCom's byte limit for message content. */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(`${out}${ch}…`) > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

