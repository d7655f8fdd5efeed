import type { Db } from '../../db/client.js';
import type { CloseResult, LostInput, WonInput } from './types.js';

export async function markWon(db: Db, input: WonInput, now: Date): Promise<CloseResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}

export async function markLost(db: Db, input: LostInput, now: Date): Promise<CloseResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
