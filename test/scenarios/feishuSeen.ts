import { cardText, formDefaults } from '../http/harness.js';
import type { SeenCard } from './driver.js';

/**
 * A Feishu card JSON 2.0, as the fake Open API received it, read back the way a person sees it:
 * its text, its buttons (with the callback value each sends), the item each list button
 * belongs to, and the form's pre-filled values.
 */
export interface FeishuButton {
  text: string;
  value: Record<string, unknown>;
  /** The list item the button sits under (the first word of the text above it). */
  item?: string;
  /** A form's submit button: the click carries the form's values. */
  submit: boolean;
}

export interface FeishuSeen extends SeenCard {
  buttonsOf: FeishuButton[];
  form: Record<string, string>;
}

export function seeFeishuCard(content: Record<string, unknown>): FeishuSeen {
  const buttons: FeishuButton[] = [];
  let above: string | undefined;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isRecord(v)) return;
    if (v.tag === 'button') {
      const label = isRecord(v.text) && typeof v.text.content === 'string' ? v.text.content : '';
      const behaviour = Array.isArray(v.behaviors) ? v.behaviors[0] : undefined;
      const value = isRecord(behaviour) && isRecord(behaviour.value) ? behaviour.value : {};
      buttons.push({ text: label, value, submit: v.form_action_type === 'submit', ...(above ? { item: above } : {}) });
      return;
    }
    Object.values(v).forEach(walk);
  };
  // A list item's line is a body-level text; its fields and buttons follow it in nested blocks.
  const body = isRecord(content.body) && Array.isArray(content.body.elements) ? content.body.elements : [];
  for (const el of body) {
    if (isRecord(el) && el.tag === 'markdown' && el.text_size === undefined && typeof el.content === 'string') above = firstWord(el.content);
    walk(el);
  }
  const header = isRecord(content.header) ? content.header : {};
  const title = isRecord(header.title) && typeof header.title.content === 'string' ? header.title.content : '';
  const listed = buttons.filter((b) => b.item !== undefined && buttons.filter((o) => o.text === b.text).length > 1);
  const form = formDefaults(content);
  return {
    title,
    // A form's inputs show what they were pre-filled with.
    text: [cardText(withoutConfirms(content)), ...Object.values(form).filter((v) => v !== '')].join('\n'),
    buttons: buttons.map((b) => b.text),
    items: listed.map((b) => b.item ?? ''),
    buttonsOf: buttons,
    form,
  };
}

/** A button's confirm dialog shows only once it is clicked, not on the card. */
function withoutConfirms(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutConfirms);
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'confirm').map(([k, x]) => [k, withoutConfirms(x)]));
}

/** "**张伟**　138****5678" → "张伟" */
function firstWord(markdown: string): string | undefined {
  return markdown.replace(/\*\*/g, '').trim().split(/[\s\u3000]+/)[0] || undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
