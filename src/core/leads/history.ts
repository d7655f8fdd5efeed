import type { Db } from '../../db/client.js';
import type { ChangesPage, HistoryRow } from './types.js';

export async function historyAsOf(db: Db, leadId: string, at: Date): Promise<HistoryRow | null> {
  void db; void leadId; void at;
  throw new Error('not implemented yet');
}
export async function leadHistory(db: Db, leadId: string): Promise<HistoryRow[]> {
  void db; void leadId;
  throw new Error('not implemented yet');
}
export async function changesSince(db: Db, orgId: string, watermark: string | null, limit = 1000): Promise<ChangesPage> {
  void db; void orgId; void watermark; void limit;
  throw new Error('not implemented yet');
}
