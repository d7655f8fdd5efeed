/**
 * Numbers as reps type them: Arabic (5000, 1.5) or Chinese (两万, 二十八, and the colloquial
 * 一万五 = 15000 / 一千二 = 1200 where the trailing digit means a tenth of the last unit).
 * nzh and chinese-parseint read 两 and the colloquial forms wrongly, hence this small reader.
 */
const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Regex source for one number, Arabic or Chinese. */
export const NUMBER = String.raw`(?:\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百千万]+)`;

export function parseNumber(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s.length === 0) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 1;
  for (const ch of s) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      if (d === 0) {
        lastUnit = 1;
        continue;
      }
      if (digit !== null) return null;
      digit = d;
      continue;
    }
    if (ch === '万') {
      total += (section + (digit ?? 0) || 1) * 10_000;
      section = 0;
      digit = null;
      lastUnit = 10_000;
      continue;
    }
    const u = UNITS[ch];
    if (u === undefined) return null;
    section += (digit ?? 1) * u;
    digit = null;
    lastUnit = u;
  }
  if (digit !== null) section += lastUnit >= 100 ? (digit * lastUnit) / 10 : digit;
  return total + section;
}
