import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { text } from './render.js';

export type DateStyle = 'date' | 'dateTime' | 'time' | 'isoDate';

/**
 * A moment as a rep reads it, in the team's time zone. The patterns live in
 * cards/texts.json (`formats.*`) with the rest of the user-facing text.
 */
export function formatDate(value: Date | null | undefined, timeZone: string, style: DateStyle = 'date'): string {
  if (!value) return '';
  const pattern = style === 'isoDate' ? 'yyyy-MM-dd' : text(`formats.${style}`);
  return format(value, pattern, { in: tz(timeZone) });
}

/** Budget in yuan as written in the cards: 5000, 2万, 80万–100万, 100万以内, 50万以上. */
export function formatBudget(min: number | null | undefined, max: number | null | undefined): string {
  const amount = (n: number): string =>
    n >= 10_000 && n % 1_000 === 0 ? text('formats.tenThousand', { n: String(n / 10_000) }) : String(n);
  const hasMin = min !== null && min !== undefined && min > 0;
  const hasMax = max !== null && max !== undefined;
  if (hasMin && hasMax) return min === max ? amount(min) : text('formats.range', { min: amount(min), max: amount(max) });
  if (hasMax) return text('formats.atMost', { max: amount(max) });
  if (hasMin) return text('formats.atLeast', { min: amount(min) });
  return '';
}
