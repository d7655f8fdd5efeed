import type { Db } from '../../db/client.js';
import type { EditInput, EditResult } from './types.js';

export async function editLead(db: Db, input: EditInput, now: Date): Promise<EditResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
