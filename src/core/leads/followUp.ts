import type { Db } from '../../db/client.js';
import type { FollowUpInput, FollowUpResult } from './types.js';

export async function logFollowUp(db: Db, input: FollowUpInput, now: Date): Promise<FollowUpResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
