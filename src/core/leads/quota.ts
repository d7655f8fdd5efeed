import type { Db } from '../../db/client.js';
import type { QuotaStatus } from './types.js';

export async function quotaStatus(db: Db, memberId: string, now: Date): Promise<QuotaStatus> {
  void db; void memberId; void now;
  throw new Error('not implemented yet');
}
