import type { CardButton } from '../../cards/model.js';
import { encodeActionKey } from './actionKey.js';
import { LIMITS, type ButtonSelection, type ButtonStyle, type TemplateButton } from './templateCard.js';
import { wecomTexts } from './texts.js';

/**
 * A button_interaction card shows at most six buttons and a single dropdown. List cards (the
 * pool, query results, "which 张伟?") carry one button per item, often all reading "领取":
 * those become one dropdown of the items plus one button, whose key holds every item's value;
 * the click's selected option picks the value back out (`resolveChoice`).
 */
export const CHOICE_QUESTION = '__choice';
const CHOICES = '__choices';

const STYLE: Record<CardButton['style'], ButtonStyle> = { primary: 1, default: 2, danger: 3 };

export interface PendingButton {
  button: CardButton;
  /** What the item the button belongs to is called (the list line above it), for the dropdown. */
  context?: string;
}

function plainButton(b: CardButton, index: number): TemplateButton {
  return { text: b.text, style: STYLE[b.style], key: encodeActionKey(index, { action: b.action, value: b.value }) };
}

/** The largest set of buttons doing the same action for different items, if collapsing them is worth it. */
function listGroup(pending: PendingButton[], room: number): PendingButton[] | undefined {
  const byAction = new Map<string, PendingButton[]>();
  for (const p of pending) byAction.set(p.button.action, [...(byAction.get(p.button.action) ?? []), p]);
  const group = [...byAction.values()].sort((a, b) => b.length - a.length)[0];
  if (!group || group.length < 2) return undefined;
  const sameText = new Set(group.map((p) => p.button.text)).size === 1;
  return sameText || pending.length > room ? group.slice(0, LIMITS.options) : undefined;
}

export function layoutButtons(
  pending: PendingButton[],
  fixed: TemplateButton[],
  selectionFree: boolean,
  nextKey: () => number,
): { buttons: TemplateButton[]; selection?: ButtonSelection } {
  const room = LIMITS.buttons - fixed.length;
  const group = selectionFree ? listGroup(pending, room) : undefined;
  if (!group) return { buttons: [...fixed, ...pending.map((p) => plainButton(p.button, nextKey()))].slice(0, LIMITS.buttons) };

  const sameText = new Set(group.map((p) => p.button.text)).size === 1;
  const first = group[0] as PendingButton;
  const selection: ButtonSelection = {
    question_key: CHOICE_QUESTION,
    title: wecomTexts.chooseTitle,
    option_list: group.map((p, i) => ({
      id: String(i),
      text: sameText ? (p.context ?? `${p.button.text} ${i + 1}`) : p.button.text,
    })),
    selected_id: '0',
  };
  const merged: TemplateButton = {
    text: sameText ? first.button.text : wecomTexts.chooseConfirm,
    style: STYLE[first.button.style],
    key: encodeActionKey(nextKey(), { action: first.button.action, value: { [CHOICES]: group.map((p) => p.button.value) } }),
  };
  const laidOut = pending.flatMap((p) => (p === first ? [merged] : group.includes(p) ? [] : [plainButton(p.button, nextKey())]));
  return { buttons: [...fixed, ...laidOut].slice(0, LIMITS.buttons), selection };
}

/** A merged list button's value → the chosen item's value (the first when nothing was chosen). */
export function resolveChoice(
  value: Record<string, unknown>,
  form: Record<string, string> | undefined,
): { value: Record<string, unknown>; form: Record<string, string> | undefined } {
  const choices = value[CHOICES];
  if (!Array.isArray(choices)) return { value, form };
  const { [CHOICE_QUESTION]: picked, ...rest } = form ?? {};
  const chosen: unknown = choices[Number(picked ?? 0)] ?? choices[0];
  const chosenValue = typeof chosen === 'object' && chosen !== null && !Array.isArray(chosen) ? (chosen as Record<string, unknown>) : {};
  return { value: chosenValue, form: Object.keys(rest).length > 0 ? rest : undefined };
}
