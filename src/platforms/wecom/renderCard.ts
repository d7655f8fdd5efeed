import { createHash } from 'node:crypto';
import type { Card, CardElement, CardInput } from '../../cards/model.js';
import { encodeActionKey } from './actionKey.js';
import { layoutButtons, type PendingButton } from './buttons.js';
import {
  LIMITS,
  type ButtonSelection,
  type HorizontalContent,
  type MultipleInteractionCard,
  type SelectOption,
  type TemplateButton,
  type JumpLink,
  type TemplateCard,
} from './templateCard.js';
import { fill, wecomTexts } from './texts.js';
import { chartLines, clip, plainText, tableLines } from './plainText.js';

export { renderMarkdown } from './markdown.js';
export { clip, clipBytes, plainText, renderText } from './plainText.js';

/**
 * The platform-free card → a WeCom `template_card`. Pure.
 *
 * - Buttons (or a form with text inputs) → `button_interaction`; a form made only of selects
 *   (≤ 3, and no other buttons) → `multiple_interaction`; anything else → `text_notice`.
 * - fields → horizontal_content_list (6 at most; the rest become lines of sub_title_text);
 *   text, tables and charts → lines of sub_title_text; notes → quote_area.
 * - WeCom cards cannot hold free-text inputs. A form's text and date inputs are shown as
 *   "label: value" and their values ride in the submit button's key, so the button confirms
 *   them as they are; such a form also yields `prompt`, a text the caller sends after the card
 *   asking the rep to resend the message with what is missing (naming empty required inputs).
 * - Cards have no confirm dialog, no rich text and no charts: `confirm` is dropped, **bold**
 *   is flattened, charts become label/value lines.
 */
export interface RenderOptions {
  /** WeCom task_id for interactive cards: stable per message (see `taskIdFor`). */
  taskId: string;
  /** text_notice cards must link somewhere when clicked (WeCom requires card_action). */
  linkUrl: string;
}

export interface RenderedCard {
  card: TemplateCard;
  /** A follow-up text for what the card could not ask for. */
  prompt?: string;
  /** The text was cut to fit (see LIMITS.subtitleChars). */
  clipped?: true;
}

/** A task_id WeCom accepts ([0-9A-Za-z_-@], ≤ 128 bytes), stable for the same seed. */
export function taskIdFor(seed: string): string {
  return `lead_${createHash('sha256').update(seed).digest('hex').slice(0, 40)}`;
}

interface Layout {
  horizontal: HorizontalContent[];
  lines: string[];
  notes: string[];
}

function addField(layout: Layout, keyname: string, value: string): void {
  if (layout.horizontal.length < LIMITS.horizontal) layout.horizontal.push({ keyname, value });
  else layout.lines.push(`${keyname}：${value}`);
}

function optionsOf(input: Extract<CardInput, { type: 'select' }>): SelectOption[] {
  return input.options.slice(0, LIMITS.options).map((o) => {
    if (o.value === '' || Buffer.byteLength(o.value) > LIMITS.optionIdBytes) {
      throw new Error(`WeCom option ids are 1..${LIMITS.optionIdBytes} bytes; "${input.name}" has "${o.value}"`);
    }
    return { id: o.value, text: o.text };
  });
}

function selectedId(input: Extract<CardInput, { type: 'select' }>): string | undefined {
  return input.value && input.options.some((o) => o.value === input.value) ? input.value : undefined;
}

function missingLabels(inputs: CardInput[], choosable: Set<string>): string[] {
  return inputs.filter((i) => i.required && !i.value && !choosable.has(i.name)).map((i) => i.label);
}

function formLayout(form: Extract<CardElement, { type: 'form' }>, layout: Layout, key: () => number) {
  const firstSelect = form.inputs.find((i): i is Extract<CardInput, { type: 'select' }> => i.type === 'select');
  const selection: ButtonSelection | undefined = firstSelect && {
    question_key: firstSelect.name,
    title: firstSelect.label,
    option_list: optionsOf(firstSelect),
    ...(selectedId(firstSelect) ? { selected_id: selectedId(firstSelect) } : {}),
  };
  const held: Record<string, string> = {};
  for (const input of form.inputs) {
    if (input === firstSelect) continue;
    const shown = input.type === 'select' ? input.options.find((o) => o.value === input.value)?.text : input.value;
    addField(layout, input.label, shown ? plainText(shown) : wecomTexts.empty);
    if (input.value) held[input.name] = input.value;
  }
  const missing = missingLabels(form.inputs, new Set(firstSelect ? [firstSelect.name] : []));
  const fields = missing.join(wecomTexts.listSeparator);
  if (missing.length > 0) layout.lines.push(fill(wecomTexts.missingOnCard, { fields }));
  const hasText = form.inputs.some((i) => i.type !== 'select');
  const submit: TemplateButton = {
    text: hasText ? wecomTexts.confirmAsIs : form.submit.text,
    style: form.submit.style === 'primary' ? 1 : form.submit.style === 'danger' ? 3 : 2,
    key: encodeActionKey(key(), { action: form.submit.action, value: form.submit.value, form: held }),
  };
  const prompt = missing.length > 0 ? fill(wecomTexts.resendWithMissing, { fields }) : hasText ? wecomTexts.resendToChange : undefined;
  return { selection, submit, prompt };
}

/** A form of selects only, in a card with no other buttons, is WeCom's multiple_interaction. */
function asMultipleInteraction(card: Card, opts: RenderOptions): MultipleInteractionCard | null {
  const forms = card.elements.filter((e) => e.type === 'form');
  const form = forms[0];
  if (forms.length !== 1 || !form || card.elements.some((e) => e.type === 'actions')) return null;
  if (form.inputs.length === 0 || form.inputs.length > LIMITS.selects) return null;
  const selects = form.inputs.filter((i): i is Extract<CardInput, { type: 'select' }> => i.type === 'select');
  if (selects.length !== form.inputs.length) return null;
  const text = card.elements.find((e) => e.type === 'text');
  const desc = card.header.subtitle ?? (text?.type === 'text' ? plainText(text.text) : undefined);
  return {
    card_type: 'multiple_interaction',
    task_id: opts.taskId,
    main_title: { title: plainText(card.header.title), ...(desc ? { desc } : {}) },
    select_list: selects.map((s) => ({
      question_key: s.name,
      title: s.label,
      option_list: optionsOf(s),
      ...(selectedId(s) ? { selected_id: selectedId(s) } : {}),
    })),
    submit_button: { text: form.submit.text, key: encodeActionKey(0, { action: form.submit.action, value: form.submit.value, form: {} }) },
  };
}

/** The first word of a list line ("**张伟**　138****5678" → "张伟"): what its item is called. */
function itemName(text: string): string | undefined {
  return plainText(text).trim().split(/[\s\u3000]+/)[0] || undefined;
}

export function renderCard(card: Card, opts: RenderOptions): RenderedCard {
  const multiple = asMultipleInteraction(card, opts);
  if (multiple) return { card: multiple };

  // A list (several groups of fields) reads better as lines in order than as one grid.
  const isList = card.elements.filter((e) => e.type === 'fields').length > 1;
  const layout: Layout = { horizontal: [], lines: [], notes: [] };
  const pending: PendingButton[] = [];
  const submits: TemplateButton[] = [];
  let selection: ButtonSelection | undefined;
  let prompt: string | undefined;
  let context: string | undefined;
  const links: JumpLink[] = [];
  let next = 0;
  const key = () => next++;

  for (const el of card.elements) {
    switch (el.type) {
      case 'text':
        layout.lines.push(plainText(el.text));
        context = itemName(el.text);
        break;
      case 'note':
        layout.notes.push(plainText(el.text));
        break;
      case 'divider':
        layout.lines.push('');
        break;
      case 'fields':
        for (const f of el.fields) {
          if (isList) layout.lines.push(`${plainText(f.label)}：${plainText(f.value)}`);
          else addField(layout, plainText(f.label), plainText(f.value));
        }
        break;
      case 'table':
        layout.lines.push(...tableLines(el.columns, el.rows));
        break;
      case 'chart':
        layout.lines.push(...chartLines(el));
        break;
      case 'link':
        links.push({ type: 1, title: plainText(el.text), url: el.url });
        break;
      case 'actions':
        for (const button of el.buttons) pending.push(context === undefined ? { button } : { button, context });
        break;
      case 'form': {
        const f = formLayout(el, layout, key);
        selection ??= f.selection;
        submits.push(f.submit);
        prompt ??= f.prompt;
        break;
      }
    }
  }
  const laidOut = layoutButtons(pending, submits, selection === undefined, key);
  const buttons = laidOut.buttons;
  selection ??= laidOut.selection;

  const subtitle = layout.lines.join('\n').trim();
  const body = {
    main_title: { title: plainText(card.header.title), ...(card.header.subtitle ? { desc: plainText(card.header.subtitle) } : {}) },
    ...(subtitle ? { sub_title_text: clip(subtitle, LIMITS.subtitleChars) } : {}),
    ...(layout.notes.length > 0 ? { quote_area: { type: 0 as const, quote_text: layout.notes.join('\n') } } : {}),
    ...(layout.horizontal.length > 0 ? { horizontal_content_list: layout.horizontal } : {}),
    ...(links.length > 0 ? { jump_list: links } : {}),
  };
  const rendered: TemplateCard =
    buttons.length > 0
      ? {
          card_type: 'button_interaction',
          task_id: opts.taskId,
          ...body,
          ...(selection ? { button_selection: selection } : {}),
          button_list: buttons,
        }
      : { card_type: 'text_notice', ...body, card_action: { type: 1, url: links[0]?.url ?? opts.linkUrl } };
  return { card: rendered, ...(prompt ? { prompt } : {}), ...([...subtitle].length > LIMITS.subtitleChars ? { clipped: true as const } : {}) };
}

