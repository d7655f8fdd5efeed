import type { Db } from '../../db/client.js';
import type { HandoverInput, HandoverResult } from './types.js';

export async function handoverLeads(db: Db, input: HandoverInput, now: Date): Promise<HandoverResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
