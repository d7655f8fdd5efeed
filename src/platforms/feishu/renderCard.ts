import type { Card, CardButton, CardElement, CardInput } from '../../cards/model.js';

/**
 * The platform-free card → Feishu card JSON 2.0 (schema "2.0", header + body.elements).
 * Pure: same card in, same JSON out. Every button and form submit carries
 * `{ action, ...value }` as its callback value, which is what comes back in
 * card.action.trigger's `event.action.value`.
 */
export type FeishuJson = { [key: string]: FeishuValue };
type FeishuValue = string | number | boolean | null | FeishuValue[] | FeishuJson;

export function renderFeishuCard(card: Card): FeishuJson {
  const header: FeishuJson = { title: plain(card.header.title), template: card.header.color };
  if (card.header.subtitle) header.subtitle = plain(card.header.subtitle);
  return {
    schema: '2.0',
    // JSON 2.0 cards are always shared: one card, the same for everyone in the chat.
    config: { update_multi: true, width_mode: 'fill' },
    header,
    body: { elements: card.elements.flatMap(renderElement) },
  };
}

/** The callback value a button sends back: the action id plus its own value. */
export function callbackValue(button: CardButton): FeishuJson {
  return { ...toJson(button.value), action: button.action };
}

function renderElement(el: CardElement): FeishuJson[] {
  switch (el.type) {
    case 'text':
      return [markdown(el.text)];
    case 'note':
      return [{ tag: 'markdown', content: escapeMarkdown(el.text), text_size: 'notation' }];
    case 'divider':
      return [{ tag: 'hr' }];
    case 'fields':
      return pairs(el.fields).map((row) => ({
        tag: 'column_set',
        horizontal_spacing: '16px',
        columns: row.map((f) => ({
          tag: 'column',
          width: 'weighted',
          weight: 1,
          elements: [markdown(`**${f.label}**\n${f.value}`)],
        })),
      }));
    case 'actions':
      return [
        {
          tag: 'column_set',
          flex_mode: 'flow',
          horizontal_spacing: '8px',
          columns: el.buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [button(b)] })),
        },
      ];
    case 'link':
      return [{ tag: 'button', text: plain(el.text), type: 'primary', behaviors: [{ type: 'open_url', default_url: el.url }] }];
    case 'form':
      return [
        {
          tag: 'form',
          name: el.name,
          elements: [...el.inputs.flatMap(input), { ...button(el.submit), name: `${el.name}_submit`, form_action_type: 'submit' }],
        },
      ];
    case 'table':
      return [table(el.columns, el.rows)];
    case 'chart':
      return [chart(el.kind, el.title, el.data)];
  }
}

function input(i: CardInput): FeishuJson[] {
  switch (i.type) {
    case 'text': {
      const out: FeishuJson = {
        tag: 'input',
        name: i.name,
        required: i.required,
        label: plain(i.label),
        label_position: 'top',
        input_type: i.multiline ? 'multiline_text' : 'text',
      };
      if (i.placeholder) out.placeholder = plain(i.placeholder);
      if (i.value !== undefined) out.default_value = i.value;
      return [out];
    }
    case 'select': {
      const out: FeishuJson = {
        tag: 'select_static',
        name: i.name,
        required: i.required,
        placeholder: plain(i.label),
        options: i.options.map((o) => ({ text: plain(o.text), value: o.value })),
      };
      if (i.value !== undefined) out.initial_option = i.value;
      // select_static has no label of its own; a line above keeps the form readable.
      return [markdown(`**${i.label}**`), out];
    }
    case 'date': {
      const out: FeishuJson = { tag: 'date_picker', name: i.name, required: i.required, placeholder: plain(i.label) };
      if (i.value !== undefined) out.initial_date = i.value;
      return [markdown(`**${i.label}**`), out];
    }
  }
}

function button(b: CardButton): FeishuJson {
  const out: FeishuJson = {
    tag: 'button',
    text: plain(b.text),
    type: b.style,
    behaviors: [{ type: 'callback', value: callbackValue(b) }],
  };
  if (b.confirm) out.confirm = { title: plain(b.text), text: plain(b.confirm) };
  return out;
}

function table(columns: string[], rows: string[][]): FeishuJson {
  const key = (i: number): string => `c${i}`;
  return {
    tag: 'table',
    // Feishu pages tables at 1..10 rows.
    page_size: Math.min(Math.max(rows.length, 1), 10),
    row_height: 'low',
    header_style: { bold: true, background_style: 'grey' },
    columns: columns.map((c, i) => ({ name: key(i), display_name: c, data_type: 'text', width: 'auto' })),
    rows: rows.map((r) => Object.fromEntries(columns.map((_, i) => [key(i), r[i] ?? '']))),
  };
}

function chart(kind: 'pie' | 'bar' | 'line', title: string, data: { label: string; value: number }[]): FeishuJson {
  const values = data.map((d) => ({ label: d.label, value: d.value }));
  const common: FeishuJson = { type: kind, title: { text: title }, data: [{ id: 'data', values }] };
  const spec: FeishuJson =
    kind === 'pie'
      ? { ...common, valueField: 'value', categoryField: 'label', outerRadius: 0.8, label: { visible: true }, legends: { visible: true } }
      : { ...common, xField: 'label', yField: 'value', label: { visible: true } };
  return { tag: 'chart', aspect_ratio: kind === 'pie' ? '4:3' : '16:9', chart_spec: spec };
}

function plain(content: string): FeishuJson {
  return { tag: 'plain_text', content };
}

function markdown(text: string): FeishuJson {
  return { tag: 'markdown', content: escapeMarkdown(text) };
}

/**
 * Card text is markdown-lite (**bold**, line breaks). Feishu markdown also reads tags such as
 * <at id=all></at> and <font>; a customer name or note typed by a rep must never become one.
 * It also reads `*` as emphasis, so the asterisks of a masked phone (138****8123, even inside
 * **bold**) are written as the HTML entity Feishu's card markdown documents for a literal `*`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/(?<=\d)\*+(?=\d)/g, (run) => '&#42;'.repeat(run.length));
}

function pairs<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 2) out.push(items.slice(i, i + 2));
  return out;
}

function toJson(value: Record<string, unknown>): FeishuJson {
  // Card values come from zod-validated templates and JSON job payloads, so they are JSON already;
  // the round trip drops anything (undefined, functions) Feishu could not carry.
  const parsed: unknown = JSON.parse(JSON.stringify(value));
  return isJsonObject(parsed) ? parsed : {};
}

function isJsonObject(v: unknown): v is FeishuJson {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
