import { describe, expect, it } from 'vitest';
import { renderCard as fillTemplate } from '../../../src/cards/render.js';
import { MAX_KEY_BYTES, decodeActionKey } from '../../../src/platforms/wecom/actionKey.js';
import { renderCard } from '../../../src/platforms/wecom/renderCard.js';
import type { TemplateCard } from '../../../src/platforms/wecom/templateCard.js';
import { templateVars } from '../../cards/fixtures.js';

/** Every key a rendered card carries, buttons and submit alike. */
function keysOf(card: TemplateCard): string[] {
  if (card.card_type === 'button_interaction') return card.button_list.map((b) => b.key);
  if (card.card_type === 'multiple_interaction') return [card.submit_button.key];
  return [];
}

describe('every card template renders within WeCom template_card limits', () => {
  for (const [name, vars] of Object.entries(templateVars)) {
    it(name, () => {
      const source = fillTemplate(name, vars);
      const { card } = renderCard(source, { taskId: 'lead_t', linkUrl: 'https://work.weixin.qq.com/' });
      expect(card.main_title.title.length).toBeGreaterThan(0);
      if (card.card_type !== 'multiple_interaction') expect(card.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
      if (card.card_type === 'button_interaction') expect(card.button_list.length).toBeLessThanOrEqual(6);
      if (card.card_type === 'multiple_interaction') expect(card.select_list.length).toBeLessThanOrEqual(3);
      const keys = keysOf(card);
      expect(new Set(keys).size).toBe(keys.length);
      for (const key of keys) {
        expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_KEY_BYTES);
        expect(decodeActionKey(key)).not.toBeNull();
      }
      // A card with something to click must offer it on WeCom too.
      const clickable = source.elements.some((e) => e.type === 'actions' || e.type === 'form');
      expect(card.card_type !== 'text_notice').toBe(clickable);
    });
  }
});
