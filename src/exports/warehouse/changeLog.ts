import type pg from 'pg';
import Cursor from 'pg-cursor';
import { z } from 'zod';
import { SOURCES, type SourceName } from './tables.js';

/**
 * Reading the change log (the WarehouseChange table its triggers fill) by transaction id.
 *
 * Why transaction ids and not a time: a row carries the time its transaction *ran*, but becomes
 * visible when it *commits*, which a long transaction may do much later. A time watermark taken
 * in between would already be past that row. The horizon of a batch is instead the snapshot's
 * xmin: every transaction with a smaller id has ended, so the set of logged rows below it can no
 * longer grow, and cutting [from, to) again later reads exactly the same rows.
 */

/** The highest watermark a batch can end at now; call inside the batch's REPEATABLE READ transaction. */
export async function horizon(client: pg.ClientBase): Promise<bigint> {
  const r = await client.query<{ hi: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi');
  const hi = r.rows[0]?.hi;
  if (hi === undefined) throw new Error('no snapshot horizon');
  return BigInt(hi);
}

export interface Holder {
  pid: number;
  database: string | null;
  since: Date | null;
}

/**
 * The oldest transaction still open, when it is the one keeping the horizon where it is: the
 * operator is told who holds the feed back (its rows come in a later batch, nothing is lost).
 */
export async function horizonHolder(client: pg.ClientBase, hi: bigint): Promise<Holder | null> {
  const r = await client.query<{ pid: number; datname: string | null; xact_start: Date | null; xid: string }>(
    `SELECT pid, datname, xact_start, backend_xid::text AS xid FROM pg_stat_activity
     WHERE backend_xid IS NOT NULL ORDER BY age(backend_xid) DESC LIMIT 1`,
  );
  const row = r.rows[0];
  // backend_xid is the 32-bit form of the 64-bit id.
  if (!row || BigInt(row.xid) !== hi % 2n ** 32n) return null;
  return { pid: row.pid, database: row.datname, since: row.xact_start };
}

const versionRow = z.object({
  seq: z.string().regex(/^\d+$/).transform(BigInt),
  txid: z.string().regex(/^\d+$/).transform(BigInt),
  source: z.enum(Object.keys(SOURCES) as [SourceName, ...SourceName[]]),
  op: z.enum(['insert', 'update', 'delete']),
  rowId: z.string(),
  leadId: z.string().nullable(),
  data: z.unknown(),
  atMs: z.number(),
});

export type Version = z.infer<typeof versionRow>;

// The last version of each row within the range, in the order the changes were made.
const VERSIONS_SQL = `
  SELECT v.seq::text AS seq, v.txid::text AS txid, v.source, v.op, v."rowId", v."leadId", v.data, v."atMs"
  FROM (
    SELECT DISTINCT ON (source, "rowId") seq, txid, source, op, "rowId", "leadId", data,
           (extract(epoch FROM "at") * 1000)::float8 AS "atMs"
    FROM "WarehouseChange"
    WHERE txid >= $1 AND txid < $2
    ORDER BY source, "rowId", seq DESC
  ) v
  ORDER BY v.seq`;

const PAGE = 5_000;

/** Each row changed in [from, to), once, as it was at `to`: a cursor, so a batch of any size streams. */
export async function* versions(client: pg.ClientBase, from: bigint, to: bigint): AsyncGenerator<Version> {
  const cursor = client.query(new Cursor<Record<string, unknown>>(VERSIONS_SQL, [from.toString(), to.toString()]));
  try {
    for (;;) {
      const rows = await cursor.read(PAGE);
      if (rows.length === 0) return;
      for (const r of rows) yield versionRow.parse(r);
    }
  } finally {
    await cursor.close();
  }
}
