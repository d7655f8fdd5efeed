import { parseMessage, type ParsedCustomer, type ParsedMessage } from '../../src/parse/index.js';

/** The reference instant of parse.md and the public corpus: Tuesday 2026-11-24, 10:00 in Shanghai. */
export const NOW = new Date('2026-11-24T10:00:00+08:00');

export function parse(text: string, now: Date = NOW, timeZone?: string): ParsedMessage {
  return parseMessage(text, timeZone ? { now, timeZone } : { now });
}

/**
 * The fields a case names, as the parser gave them (contract fields and `extra.*`). Inside
 * `others`, each expected customer names only the fields it judges, and so is each one picked.
 */
export function pick(result: ParsedCustomer | ParsedMessage, expected: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) {
    if (key.startsWith('extra.')) out[key] = result.extra[key.slice(6) as keyof ParsedMessage['extra']];
    else if (key === 'others' && 'others' in result && Array.isArray(expected.others)) {
      const wanted = expected.others as Array<Record<string, unknown>>;
      out.others = result.others.map((o, i) => (wanted[i] ? pick(o, wanted[i]) : o));
    } else out[key] = (result as unknown as Record<string, unknown>)[key];
  }
  return out;
}

export type Case = readonly [text: string, expected: Record<string, unknown>];
