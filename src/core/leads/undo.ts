import type { Db } from '../../db/client.js';
import type { UndoResult } from './types.js';

export async function undoRegistration(db: Db, input: { actorId: string; leadId: string }, now: Date): Promise<UndoResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
