import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cardSchema, type Card } from './model.js';
import { expand, lookup, type Scope } from './template.js';

/** cards/ at the repository root: templates are data, shipped beside the code. */
export const CARDS_DIR = fileURLToPath(new URL('../../cards/', import.meta.url));

const cache = new Map<string, unknown>();

function loadJson(file: string): unknown {
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  const parsed: unknown = JSON.parse(readFileSync(`${CARDS_DIR}${file}`, 'utf8'));
  cache.set(file, parsed);
  return parsed;
}

export interface Option {
  text: string;
  value: string;
}

interface Texts {
  labels: Record<string, Record<string, string>>;
}

function texts(): Scope & Texts {
  return loadJson('texts.json') as Scope & Texts;
}

/**
 * A label list from texts.json as select options, in the file's order. Templates see them
 * as `$options.<kind>` (e.g. a source select: `"options": "{{$options.source}}"`).
 */
export function labelOptions(kind: string): Option[] {
  const labels = texts().labels[kind];
  if (!labels) throw new Error(`texts.json has no labels.${kind}`);
  return Object.entries(labels).map(([value, text]) => ({ text, value }));
}

/** The Chinese label of a code (source `douyin` → 抖音); unknown codes show as written. */
export function label(kind: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  return texts().labels[kind]?.[code] ?? code;
}

function builtins(): Scope {
  const t = texts();
  const options: Record<string, Option[]> = {};
  for (const kind of Object.keys(t.labels)) options[kind] = labelOptions(kind);
  return { $options: options, $labels: t.labels };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Optional strings that rendered empty mean "not set": adapters should not see a blank default. */
function dropBlank(obj: Json, keys: readonly string[]): Json {
  const out = { ...obj };
  for (const k of keys) if (out[k] === '') delete out[k];
  return out;
}

/**
 * After expansion: a button row or field list whose every item was dropped by `when` is not
 * shown at all, and optional strings left empty (an input's default, a subtitle, a confirm) are
 * omitted.
 */
function tidy(card: unknown): unknown {
  if (!isObj(card) || !Array.isArray(card.elements)) return card;
  const fixButton = (b: unknown): unknown => (isObj(b) ? dropBlank(b, ['confirm']) : b);
  const elements = card.elements
    .filter((el: unknown) => {
      if (!isObj(el)) return true;
      const items = el.buttons ?? el.fields;
      return !Array.isArray(items) || items.length > 0;
    })
    .map((el: unknown) => {
      if (!isObj(el)) return el;
      if (Array.isArray(el.buttons)) return { ...el, buttons: el.buttons.map(fixButton) };
      if (Array.isArray(el.inputs)) {
        return { ...el, inputs: el.inputs.map((i: unknown) => (isObj(i) ? dropBlank(i, ['value', 'placeholder']) : i)), submit: fixButton(el.submit) };
      }
      return el;
    });
  const header = isObj(card.header) ? dropBlank(card.header, ['subtitle']) : card.header;
  return { ...card, header, elements };
}

/**
 * Renders cards/<template>.json with the variables and validates the result against the card
 * model, so a broken template fails loudly (in tests) instead of reaching a chat.
 */
export function renderCard(template: string, vars: object): Card {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(template)) throw new Error(`bad card template name: ${template}`);
  const source = loadJson(`${template}.json`);
  const expanded = tidy(expand(source, { ...builtins(), ...(vars as Scope) }, template));
  const parsed = cardSchema.safeParse(expanded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`card ${template} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** A short text reply from cards/texts.json by dotted key (`toast.notManager`), with variables. */
export function text(key: string, vars: object = {}): string {
  const template = lookup(texts(), key);
  if (typeof template !== 'string') throw new Error(`cards/texts.json has no text at ${key}`);
  const out = expand(template, vars as Scope, `texts.json#${key}`);
  return typeof out === 'string' ? out : String(out);
}

/** Whether cards/texts.json has a text at this key (optional hints). */
export function hasText(key: string): boolean {
  return typeof lookup(texts(), key) === 'string';
}
