import type { Card } from '../../cards/model.js';
import { hasText, renderCard, text } from '../../cards/render.js';

/** An error card from texts.json `error.<key>` (title, message and an optional hint). */
export function errorCard(key: string, vars: object = {}): Card {
  const hintKey = `error.${key}.hint`;
  return renderCard('error', {
    title: text(`error.${key}.title`, vars),
    message: text(`error.${key}.message`, vars),
    hint: hasText(hintKey) ? text(hintKey, vars) : '',
  });
}
