import { describe, expect, it } from 'vitest';
import { percent, readJudged, score } from './accuracy.js';

/**
 * Our own measurement, in the manner of the unpublished one the product is judged on: messages
 * written from the contract (car, furniture, homes, decoration, lessons, insurance; registrations,
 * follow-ups, outcomes, receptions, several customers, look-ups, slips, filler), each with the
 * fields the contract gives it. Goals: ≥ 98% right commands, ≥ 96% right fields.
 */
const files = [new URL('./heldout.jsonl', import.meta.url), new URL('./heldout2.jsonl', import.meta.url)];

describe.each(files.map((f) => [f.pathname.split('/').pop() ?? '', f] as const))('%s meets the accuracy goals', (_name, file) => {
  const cases = readJudged(file);
  const s = score(cases);
  const misses = s.misses.map((m) => `${m.text} → ${m.field}: got ${JSON.stringify(m.got)}, want ${JSON.stringify(m.want)}`);

  it('has enough messages to measure', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });
  it(`≥ 98% right commands (${percent(s.commandsRight, s.messages)} of ${s.messages})`, () => {
    const wrong = misses.filter((m) => m.includes('→ command:')).join('\n');
    expect(s.commandsRight / s.messages, wrong).toBeGreaterThanOrEqual(0.98);
  });
  it(`≥ 96% right fields (${percent(s.fieldsRight, s.fields)} of ${s.fields})`, () => {
    expect(s.fieldsRight / s.fields, misses.join('\n')).toBeGreaterThanOrEqual(0.96);
  });
});
