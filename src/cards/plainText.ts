import type { Card, CardElement } from './model.js';

function elementLines(el: CardElement): string[] {
  switch (el.type) {
    case 'text':
    case 'note':
      return [el.text];
    case 'fields':
      return el.fields.map((f) => `${f.label}：${f.value}`);
    case 'divider':
      return ['—'];
    case 'actions':
      return [el.buttons.map((b) => `[${b.text}]`).join(' ')];
    case 'form':
      return [...el.inputs.map((i) => `${i.label}：${i.value ?? ''}`), `[${el.submit.text}]`];
    case 'table':
      return [el.columns.join(' | '), ...el.rows.map((r) => r.join(' | '))];
    case 'chart':
      return [el.title, ...el.data.map((d) => `${d.label}：${d.value}`)];
    case 'link':
      return [`${el.text}：${el.url}`];
  }
}

/**
 * Everything a reader sees on a card, as lines of plain text: the fallback for a platform that
 * cannot show a card element, and what tests assert on.
 */
export function cardPlainText(card: Card): string {
  const head = card.header.subtitle ? [card.header.title, card.header.subtitle] : [card.header.title];
  return [...head, ...card.elements.flatMap(elementLines)].join('\n');
}
