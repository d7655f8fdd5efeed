import type { Db } from '../../db/client.js';
import type { MyLeadsResult } from './types.js';

export async function listMyLeads(db: Db, input: { actorId: string; limit?: number }, now: Date): Promise<MyLeadsResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
