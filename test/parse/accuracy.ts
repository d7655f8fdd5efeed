/**
 * Command and field accuracy of the parser on a JSONL file of judged messages (one
 * `{"text", "expect"}` a line, judged like the public corpus: only on the fields `expect` names;
 * inside `others`, each expected customer names only the fields it judges).
 *
 * Run: npx tsx test/parse/accuracy.ts [file.jsonl …]   (default: both held-out sets and the public corpus)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseMessage, type ParsedCustomer, type ParsedMessage } from '../../src/parse/index.js';

export interface Judged {
  text: string;
  expect: Record<string, unknown>;
}

export interface Miss {
  text: string;
  field: string;
  got: unknown;
  want: unknown;
}

export interface Score {
  messages: number;
  commandsRight: number;
  fields: number;
  fieldsRight: number;
  misses: Miss[];
}

/** The reference instant every judged file is written for: Tuesday 2026-11-24, 10:00 in Shanghai. */
export const JUDGED_AT = new Date('2026-11-24T10:00:00+08:00');

export function readJudged(file: string | URL): Judged[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Judged);
}

function valueOf(result: ParsedCustomer | ParsedMessage, field: string): unknown {
  if (field.startsWith('extra.')) return result.extra[field.slice(6) as keyof ParsedCustomer['extra']];
  return (result as unknown as Record<string, unknown>)[field];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function score(cases: readonly Judged[], now: Date = JUDGED_AT): Score {
  const s: Score = { messages: cases.length, commandsRight: 0, fields: 0, fieldsRight: 0, misses: [] };
  const judge = (text: string, field: string, got: unknown, want: unknown): void => {
    s.fields++;
    if (same(got, want)) s.fieldsRight++;
    else s.misses.push({ text, field, got, want });
  };
  for (const c of cases) {
    const r = parseMessage(c.text, { now });
    for (const [field, want] of Object.entries(c.expect)) {
      if (field === 'command') {
        if (r.command === want) s.commandsRight++;
        else s.misses.push({ text: c.text, field, got: r.command, want });
      } else if (field === 'others' && Array.isArray(want)) {
        const wanted = want as Array<Record<string, unknown>>;
        // Each customer's fields count one by one; an extra customer found counts as one wrong field.
        wanted.forEach((o, i) => {
          for (const [f, v] of Object.entries(o)) judge(c.text, `others[${i}].${f}`, r.others[i] ? valueOf(r.others[i]!, f) : undefined, v);
        });
        if (r.others.length > wanted.length) judge(c.text, 'others.length', r.others.length, wanted.length);
      } else judge(c.text, field, valueOf(r, field), want);
    }
  }
  return s;
}

export const percent = (right: number, all: number): string => (all === 0 ? '–' : `${((100 * right) / all).toFixed(1)}%`);

function main(files: string[]): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const targets = files.length ? files : ['heldout.jsonl', 'heldout2.jsonl', 'corpus.public.jsonl'].map((f) => path.join(here, f));
  console.log('| file | messages | right commands | judged fields | right fields |\n|---|---:|---:|---:|---:|');
  const all: Miss[] = [];
  for (const file of targets) {
    const s = score(readJudged(file));
    all.push(...s.misses);
    console.log(`| ${path.basename(file)} | ${s.messages} | ${percent(s.commandsRight, s.messages)} | ${s.fields} | ${percent(s.fieldsRight, s.fields)} |`);
  }
  for (const m of all) console.log(`miss: ${m.text} → ${m.field}: got ${JSON.stringify(m.got)}, want ${JSON.stringify(m.want)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
