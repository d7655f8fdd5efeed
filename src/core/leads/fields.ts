import type { LeadField, Policy } from '../policy.js';
import type { RegisterInput } from './types.js';

function present(v: string | null | undefined): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

/**
 * Rule "required to register": the team's required fields, and at least one field of each
 * any-of group. `missing` lists everything a form should ask for; `missingAnyOf` keeps the groups.
 */
export function missingFields(policy: Policy, input: Pick<RegisterInput, LeadField>): { missing: LeadField[]; missingAnyOf: LeadField[][] } {
  const has = (f: LeadField) => present(input[f]);
  const missing = new Set<LeadField>(policy.requiredFields.filter((f) => !has(f)));
  const missingAnyOf = policy.requiredAnyOf.filter((group) => !group.some(has));
  for (const group of missingAnyOf) for (const f of group) missing.add(f);
  return { missing: [...missing], missingAnyOf };
}

export function clean(v: string | null | undefined): string | null {
  const t = typeof v === 'string' ? v.trim() : '';
  return t === '' ? null : t;
}
