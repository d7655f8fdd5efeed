import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, pick } from './helpers.js';

/**
 * Messages of our own in the style of the public corpus (other names, places, products,
 * layouts), judged the same way: only on the fields each one names.
 */
const cases = readFileSync(new URL('./realistic.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { text: string; expect: Record<string, unknown> });

describe('realistic messages written to the same rules as the corpus', () => {
  it.each(cases.map((c) => [c.text, c.expect] as const))('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
});
