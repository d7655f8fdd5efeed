import type { Card } from '../../cards/model.js';
import { chartLines, markdownText, plainText, tableLines } from './plainText.js';
import { wecomTexts } from './texts.js';

/**
 * The card as markdown, for where template cards cannot go (app group chats take markdown,
 * not template_card). Buttons cannot be clicked there, so they are left out.
 */
export function renderMarkdown(card: Card): string {
  const out: string[] = [markdownText(`**${plainText(card.header.title)}**`)];
  if (card.header.subtitle) out.push(`<font color="comment">${plainText(card.header.subtitle)}</font>`);
  for (const el of card.elements) {
    switch (el.type) {
      case 'text':
        out.push(markdownText(el.text));
        break;
      case 'note':
        out.push(`> ${plainText(el.text)}`);
        break;
      case 'divider':
        out.push('');
        break;
      case 'fields':
        out.push(...el.fields.map((f) => `${plainText(f.label)}：${plainText(f.value)}`));
        break;
      case 'table':
        out.push(...tableLines(el.columns, el.rows));
        break;
      case 'chart':
        out.push(...chartLines(el));
        break;
      case 'form':
        out.push(...el.inputs.map((i) => `${i.label}：${i.value ?? wecomTexts.empty}`));
        break;
      case 'link':
        out.push(`[${plainText(el.text)}](${el.url})`);
        break;
      case 'actions':
        break;
    }
  }
  return out.join('\n');
}
