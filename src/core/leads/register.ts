import type { Db } from '../../db/client.js';
import type { RegisterInput, RegisterResult } from './types.js';

/** Rules 1, 2, 6, 7, 8 of domain.md: 先报先保, refused after a won deal, required fields, quota, late flag, attribution. */
export async function registerLead(db: Db, input: RegisterInput, now: Date): Promise<RegisterResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
