import { parsePhoneNumberFromString } from 'libphonenumber-js';

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * The customer's identity: an 11-digit mobile (1[3-9]…) or a landline with its area code
 * (0571…). Spaces, dashes, dots and the +86 / 0086 / 86 prefixes are stripped by
 * libphonenumber's CN rules; returns null for anything that is not a valid Chinese number.
 */
export function normalizePhone(raw: string): string | null {
  const cleaned = raw.replace(/[\s\-.()（）]/g, '');
  if (!/^\+?\d{7,16}$/.test(cleaned)) return null;
  // A number starting with 1 is a mobile or nothing: never read a short mobile as a landline.
  if (cleaned.startsWith('1') && !MOBILE.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned, 'CN');
  if (!parsed || parsed.countryCallingCode !== '86' || !parsed.isValid()) return null;
  const national = String(parsed.nationalNumber);
  if (MOBILE.test(national)) return national;
  // Landlines are written with their trunk 0; libphonenumber drops it from the national number.
  return national.startsWith('1') && national.length === 11 ? null : `0${national}`;
}

export function isMobile(phone: string): boolean {
  return MOBILE.test(phone);
}

/** 138****5678 for mobiles; landlines keep their area code and last four digits. */
export function maskPhone(phone: string): string {
  if (MOBILE.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  if (phone.length <= 4) return '****';
  const areaLen = /^0(10|2\d)/.test(phone) ? 3 : 4;
  return `${phone.slice(0, areaLen)}****${phone.slice(-4)}`;
}
