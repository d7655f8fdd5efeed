import stringWidth from 'string-width';
import type { OrgChangeResult } from '../core/org/index.js';

/** Columns padded by display width, so names in Chinese (two cells a character) line up. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - stringWidth(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function onOff(v: boolean): string {
  return v ? 'on' : 'off';
}

/** A refused change in one sentence; `subject` names what the command was about. */
export function refusal(r: Exclude<OrgChangeResult<unknown>, { ok: true }>, actor: string, subject: string): string {
  switch (r.reason) {
    case 'unknown_member':
      return `${actor} is not an active member and cannot act`;
    case 'not_admin':
      return `${actor} is not an admin`;
    case 'not_found':
      return `${subject} not found in the acting admin's org`;
    case 'invalid_policy':
      return r.message;
  }
}
