import type { Db } from '../../db/client.js';
import type { ClaimResult, PoolPage } from './types.js';

export async function listPool(db: Db, input: { actorId: string; page?: number; pageSize?: number }, now: Date): Promise<PoolPage> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function claimFromPool(db: Db, input: { actorId: string; leadId: string }, now: Date): Promise<ClaimResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
