import type pg from 'pg';
import path from 'node:path';
import { versions } from './changeLog.js';
import { TableFile, type WrittenFile } from './parquetFile.js';
import { ROW_OF, SOURCES, TABLES, type TableName } from './tables.js';

/**
 * Cuts the change log's range [from, to) into one Parquet file per table under `folder`: each
 * row changed in the range once, as it was at `to`; deletions and erasures as tombstones.
 * The same range always gives the same bytes (rows in change order, no clock in the files).
 */
export async function writeBatch(client: pg.ClientBase, folder: string, batch: number, from: bigint, to: bigint): Promise<WrittenFile[]> {
  const kv = [
    { key: 'lead_assistant.batch', value: String(batch) },
    { key: 'lead_assistant.watermark', value: `[${from}, ${to})` },
  ];
  const order: TableName[] = ['lead_history', 'follow_ups', 'tombstones'];
  const files = Object.fromEntries(order.map((t) => [t, new TableFile(path.join(folder, TABLES[t].file), TABLES[t], kv)])) as Record<TableName, TableFile>;

  for await (const v of versions(client, from, to)) {
    const table = SOURCES[v.source];
    if (v.op === 'delete') {
      files.tombstones.push({ source: table, row_id: v.rowId, lead_id: v.leadId, kind: 'deleted', at: new Date(v.atMs), txid: v.txid, version: v.seq });
      continue;
    }
    const row = ROW_OF[v.source](v.data, { txid: v.txid, version: v.seq });
    files[table].push(row);
    // An erasure is a history row; the warehouse also hears it as "scrub this customer".
    if (table === 'lead_history' && row.change_kind === 'erase') {
      files.tombstones.push({ source: 'leads', row_id: v.leadId ?? v.rowId, lead_id: v.leadId, kind: 'erased', at: row.valid_from ?? null, txid: v.txid, version: v.seq });
    }
  }
  const written: WrittenFile[] = [];
  for (const t of order) written.push(await files[t].close());
  return written;
}
