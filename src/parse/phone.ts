import { normalizePhone } from '../core/phone.js';
import type { Span } from './text.js';

/**
 * Phone candidates tolerate the ways reps type numbers (139-1234-5678, +86 186 0000 1111,
 * 138.1234.5678, (0571)88886666); the identity rules themselves stay in core/phone.
 */
const MOBILE = /(?<![\d+])(?:(?:\+|00)?86[\s-]{0,2})?1[3-9]\d(?:[\s.-]{0,2}\d){8}(?!\d)/g;
const LANDLINE = /(?<![\d+])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]{0,2}\d{3,4}[\s-]?\d{4}(?!\d)/g;
/** Words that introduce a number and belong to it (电话13700137000). */
const LABEL = /(?:联系电话|电话号码|手机号码|联系方式|手机号|电话|手机|号码|tel|TEL|Tel)(?:是|为)?[:\s]{0,2}$/;

export interface PhoneHit extends Span {
  phone: string;
}

export function findPhones(text: string): PhoneHit[] {
  const hits: PhoneHit[] = [];
  for (const re of [MOBILE, LANDLINE]) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (hits.some((h) => h.start < end && start < h.end)) continue;
      const phone = normalizePhone(m[0]);
      if (!phone) continue;
      const label = LABEL.exec(text.slice(Math.max(0, start - 8), start));
      hits.push({ phone, start: label ? start - label[0].length : start, end });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
