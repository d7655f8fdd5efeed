import type { Db } from '../../db/client.js';
import type { EraseResult } from './types.js';

export async function eraseCustomer(db: Db, input: { actorId: string; leadId: string }, now: Date): Promise<EraseResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
