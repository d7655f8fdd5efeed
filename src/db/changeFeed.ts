import type { Tx } from './client.js';

/**
 * The change feed: which rows changed since a consumer last looked, by transaction id.
 *
 * Lead, FollowUp, LeadHistory and LeadDeletion carry `txid`, the id of the transaction that last wrote the row
 * (the column default on insert, a trigger on update; migration 20261204185056_change_feed).
 * A timestamp watermark (`updatedAt > last`) skips rows of a long transaction that commits after
 * a later one was read; transaction ids do not: every id below the horizon
 * `pg_snapshot_xmin(pg_current_snapshot())` belongs to a transaction that has ended, so once a
 * consumer has read `txid >= watermark` in a statement that started after it took the horizon,
 * nothing below the horizon can still appear. The next read starts at that horizon; rows at or
 * above it that were already visible are read twice, so consumers must be idempotent.
 *
 * Consumers: the 看板's rollups (core/dashboard/refresh.ts), and any incremental export.
 */

/** Every transaction id below this has committed or aborted. */
export async function feedHorizon(tx: Tx): Promise<bigint> {
  const rows = await tx.$queryRaw<{ h: bigint }[]>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS h`;
  const h = rows[0]?.h;
  if (h === undefined) throw new Error('no snapshot horizon');
  return BigInt(h);
}

export async function readWatermark(tx: Tx, consumer: string): Promise<bigint | null> {
  const rows = await tx.$queryRaw<{ txid: bigint }[]>`SELECT txid FROM "ChangeWatermark" WHERE consumer = ${consumer} FOR UPDATE`;
  const w = rows[0]?.txid;
  return w === undefined ? null : BigInt(w);
}

export async function saveWatermark(tx: Tx, consumer: string, txid: bigint): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "ChangeWatermark"(consumer, txid, "updatedAt") VALUES (${consumer}, ${txid}, now())
    ON CONFLICT (consumer) DO UPDATE SET txid = excluded.txid, "updatedAt" = excluded."updatedAt"`;
}

/**
 * One reader per consumer at a time, for the rest of the transaction; false when another holds
 * it (that one will read what this one would have).
 */
export async function tryLockConsumer(tx: Tx, consumer: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${`change-feed:${consumer}`})) AS ok`;
  return rows[0]?.ok === true;
}

/**
 * Leads whose own row, follow-ups or history rows were written at or after `since`, and leads
 * deleted since (a trigger keeps their ids in "LeadDeletion").
 */
export async function changedLeadIds(tx: Tx, since: bigint, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      SELECT id FROM "Lead" WHERE txid >= ${since}
      UNION SELECT "leadId" FROM "FollowUp" WHERE txid >= ${since}
      UNION SELECT "leadId" FROM "LeadHistory" WHERE txid >= ${since}
      UNION SELECT "leadId" FROM "LeadDeletion" WHERE txid >= ${since}
    ) c LIMIT ${limit}`;
  return rows.map((r) => r.id);
}
