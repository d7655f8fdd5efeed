import { CHOICE_QUESTION } from '../../src/platforms/wecom/buttons.js';
import type { SeenCard } from './driver.js';

/**
 * A WeCom message as the fake API received it (message/send, appchat/send or an
 * update_template_card), read back the way a member sees it: a template card's title,
 * description, lines, key/value rows, quote, dropdown and buttons; a markdown message's text.
 */
export interface WecomSeen extends SeenCard {
  buttonsOf: { text: string; key: string }[];
  /** The card's dropdown, when it has one (a list's items, or a form's first select). */
  selection?: { questionKey: string; options: { id: string; text: string }[] };
  taskId?: string;
}

export function seeWecomCard(card: Record<string, unknown>): WecomSeen {
  const title = str(get(card, 'main_title', 'title'));
  const lines: string[] = [title, str(get(card, 'main_title', 'desc')), str(card.sub_title_text)];
  for (const row of list(card.horizontal_content_list)) lines.push(`${str(row.keyname)}：${str(row.value)}`);
  lines.push(str(get(card, 'quote_area', 'quote_text')));
  const selectionOf = (s: unknown) => {
    if (!isRecord(s)) return undefined;
    const options = list(s.option_list).map((o) => ({ id: str(o.id), text: str(o.text) }));
    lines.push(str(s.title), ...options.map((o) => o.text));
    return { questionKey: str(s.question_key), options };
  };
  const selection = selectionOf(card.button_selection) ?? list(card.select_list).map(selectionOf)[0];
  const buttonsOf = list(card.button_list).map((b) => ({ text: str(b.text), key: str(b.key) }));
  const submit = card.submit_button;
  if (isRecord(submit)) buttonsOf.push({ text: str(submit.text), key: str(submit.key) });
  const taskId = str(card.task_id);
  return {
    title,
    text: lines.filter((l) => l !== '').join('\n'),
    buttons: buttonsOf.map((b) => b.text),
    items: selection?.questionKey === CHOICE_QUESTION ? selection.options.map((o) => o.text) : [],
    buttonsOf,
    ...(selection ? { selection } : {}),
    ...(taskId ? { taskId } : {}),
  };
}

/** Markdown (app group chats, long notices): its text, without markup; nothing to click. */
export function seeWecomMarkdown(content: string): WecomSeen {
  // A bold delimiter is exactly two asterisks: a masked phone's run (138****8123) is text.
  const text = content.replace(/(?<!\*)\*\*(?!\*)(.+?)(?<!\*)\*\*(?!\*)/g, '$1').replace(/<font[^>]*>(.*?)<\/font>/g, '$1');
  return { title: text.split('\n')[0] ?? '', text, buttons: [], items: [], buttonsOf: [] };
}

function get(v: unknown, ...path: string[]): unknown {
  let at = v;
  for (const k of path) at = isRecord(at) ? at[k] : undefined;
  return at;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
