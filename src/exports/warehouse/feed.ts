import { mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { horizon, horizonHolder, type Holder } from './changeLog.js';
import { batchFolder, manifestOf, manifestText, MANIFEST, readFeed, type Manifest } from './manifest.js';
import { writeBatch } from './writeBatch.js';

/**
 * The warehouse feed: `export warehouse --to DIR` (and the daily job) writes the next batch of
 * changes since the newest batch in DIR; `--batch N` cuts batch N again over its recorded
 * watermark range, which writes the same files (unless an erasure has scrubbed them since).
 */
export interface FeedInput {
  databaseUrl: string;
  dir: string;
  /** Cut this batch again (or the next one, if it is the next number). */
  batch?: number;
}

export type FeedResult =
  | {
      ok: true;
      manifest: Manifest;
      folder: string;
      /** null: a new batch; else what cutting an existing batch again gave. */
      rerun: null | 'identical' | 'changed' | 'restored';
      /** The open transaction that keeps the watermark from advancing further, if one does. */
      heldBy: Holder | null;
    }
  | { ok: false; reason: 'busy'; dir: string }
  | { ok: false; reason: 'unreadable_manifest'; folder: string; detail: string }
  | { ok: false; reason: 'no_such_batch'; batch: number; next: number }
  | { ok: false; reason: 'unknown_range'; batch: number }
  | { ok: false; reason: 'ahead_of_database'; watermark: string; horizon: string };

// Advisory-lock class for "a feed directory is being written" (the key is the path's hash).
const LOCK_CLASS = 72_318;

type Range = { batch: number; from: bigint; to: bigint | null; existing: Manifest | null };

function rangeFor(batches: Manifest[], wanted: number | undefined): Range | Extract<FeedResult, { ok: false }> {
  const last = batches.at(-1);
  const next = (last?.batch ?? 0) + 1;
  const n = wanted ?? next;
  if (n === next) return { batch: n, from: last ? BigInt(last.watermark.to) : 0n, to: null, existing: null };
  if (n < 1 || n > next) return { ok: false, reason: 'no_such_batch', batch: n, next };
  const existing = batches.find((b) => b.batch === n);
  if (existing) return { batch: n, from: BigInt(existing.watermark.from), to: BigInt(existing.watermark.to), existing };
  // A lost batch between two kept ones: its range is the gap between them.
  const before = n === 1 ? { watermark: { to: '0' } } : batches.find((b) => b.batch === n - 1);
  const after = batches.find((b) => b.batch === n + 1);
  if (!before || !after) return { ok: false, reason: 'unknown_range', batch: n };
  return { batch: n, from: BigInt(before.watermark.to), to: BigInt(after.watermark.from), existing: null };
}

export async function runFeed(input: FeedInput): Promise<FeedResult> {
  await mkdir(input.dir, { recursive: true });
  const dir = await realpath(input.dir);
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  try {
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_CLASS, dir]);
    if (!locked.rows[0]?.ok) return { ok: false, reason: 'busy', dir };
    const state = await readFeed(dir);
    if (!state.ok) return state;
    const range = rangeFor(state.batches, input.batch);
    if ('ok' in range) return range;

    const name = batchFolder(range.batch);
    const partial = path.join(dir, `.${name}.partial`);
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial);
    try {
      // One snapshot for the horizon and the read: the rows below it are all there is.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const hi = await horizon(client);
        const to = range.to ?? hi;
        if (to < range.from) {
          await client.query('ROLLBACK');
          await rm(partial, { recursive: true, force: true });
          return { ok: false, reason: 'ahead_of_database', watermark: range.from.toString(), horizon: hi.toString() };
        }
        const files = await writeBatch(client, partial, range.batch, range.from, to);
        await client.query('COMMIT');
        const manifest = manifestOf(range.batch, range.from, to, files);
        await writeFile(path.join(partial, MANIFEST), manifestText(manifest), { flush: true });
        const final = path.join(dir, name);
        if (range.existing || range.to !== null) {
          // Put the new cut in place of the old one; the old one is gone only after.
          const old = path.join(dir, `.${name}.old`);
          await rm(old, { recursive: true, force: true });
          await rename(final, old).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
          });
          await rename(partial, final);
          await rm(old, { recursive: true, force: true });
        } else {
          await rename(partial, final);
        }
        const rerun = range.existing ? (range.existing.checksum === manifest.checksum ? 'identical' : 'changed') : range.to !== null ? 'restored' : null;
        const heldBy = range.to === null ? await horizonHolder(client, to) : null;
        return { ok: true, manifest, folder: final, rerun, heldBy };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } catch (err) {
      await rm(partial, { recursive: true, force: true });
      throw err;
    }
  } finally {
    await client.end();
  }
}
