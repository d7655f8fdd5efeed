/**
 * The template language of cards/*.json, independent of the card model so texts.json and the
 * cards share it:
 * - `{{path.to.value}}` in a string is replaced by the value (missing → empty string); a string
 *   that is exactly one placeholder keeps the value's type (objects in button values, numbers).
 * - In an array, an object with `"when": "path"` (or `"!path"`) is dropped when the path is falsy
 *   (empty arrays and empty strings count as falsy).
 * - In an array, an object with `"each": "path"` (and optional `"as": "name"`, default `item`) is
 *   repeated per item; inside it `{{name.x}}`, `{{$index}}` (0-based) and `{{$n}}` (1-based) resolve.
 * - `"group": [...]` on such an object splices its contents instead of the object itself, so one
 *   item can yield several elements, or a table row (an array).
 */
export type Scope = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}\s]+)\s*\}\}$/;
const DIRECTIVES = new Set(['when', 'each', 'as', 'group']);

export function lookup(scope: Scope, path: string): unknown {
  let current: unknown = scope;
  for (const part of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

export function evaluateWhen(scope: Scope, expr: string): boolean {
  const negated = expr.startsWith('!');
  const value = truthy(lookup(scope, negated ? expr.slice(1).trim() : expr.trim()));
  return negated ? !value : value;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export function interpolate(text: string, scope: Scope): unknown {
  const whole = WHOLE.exec(text);
  if (whole?.[1]) {
    const value = lookup(scope, whole[1]);
    return value === undefined || value === null ? '' : value;
  }
  return text.replace(PLACEHOLDER, (_, path: string) => display(lookup(scope, path)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expandArray(items: readonly unknown[], scope: Scope, where: string): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (!isRecord(item)) {
      out.push(expand(item, scope, where));
      continue;
    }
    const emit = (itemScope: Scope): void => {
      if (typeof item.when === 'string' && !evaluateWhen(itemScope, item.when)) return;
      if (item.group !== undefined) {
        if (!Array.isArray(item.group)) throw new Error(`template ${where}: "group" must be an array`);
        out.push(...expandArray(item.group, itemScope, where));
        return;
      }
      out.push(expandObject(item, itemScope, where));
    };
    if (typeof item.each === 'string') {
      const list = lookup(scope, item.each);
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) throw new Error(`template ${where}: "each": "${item.each}" is not an array`);
      const name = typeof item.as === 'string' ? item.as : 'item';
      list.forEach((value, index) => emit({ ...scope, [name]: value, $index: index, $n: index + 1 }));
    } else {
      emit(scope);
    }
  }
  return out;
}

function expandObject(obj: Record<string, unknown>, scope: Scope, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (DIRECTIVES.has(key)) continue;
    out[key] = expand(value, scope, where);
  }
  return out;
}

/** Expands one template value (any JSON) against the variables. `where` names it in errors. */
export function expand(node: unknown, scope: Scope, where = 'template'): unknown {
  if (typeof node === 'string') return interpolate(node, scope);
  if (Array.isArray(node)) return expandArray(node, scope, where);
  if (isRecord(node)) {
    const stray = Object.keys(node).find((k) => k === 'when' || k === 'each');
    // `when` / `each` only mean something for an item of a list; anywhere else it is a typo.
    if (stray) throw new Error(`template ${where}: "${stray}" is only allowed on an item of a list`);
    return expandObject(node, scope, where);
  }
  return node;
}
