import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { WrittenFile } from './parquetFile.js';

/**
 * A batch is a folder `batch-000042` under the feed's directory: one Parquet file per table and
 * `manifest.json`, written last. A folder appears only complete (it is renamed into place), so
 * a loader that sees a manifest may load the batch. The manifests are also the feed's state:
 * the next batch starts where the newest one ended.
 */
export const FORMAT = 'lead-assistant.warehouse.v1';
export const MANIFEST = 'manifest.json';

const txid = z.string().regex(/^\d+$/, 'a transaction id');

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  batch: z.number().int().positive(),
  /** Transaction ids [from, to): the batch holds every change committed by those transactions. */
  watermark: z.object({ from: txid, to: txid }),
  rows: z.number().int().nonnegative(),
  files: z.array(z.object({ name: z.string(), table: z.string(), rows: z.number().int().nonnegative(), bytes: z.number().int(), sha256: z.string() })),
  /** sha256 over the files' "name sha256" lines: one value to compare two cuts of a batch. */
  checksum: z.string(),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function batchFolder(batch: number): string {
  return `batch-${String(batch).padStart(6, '0')}`;
}

export function manifestOf(batch: number, from: bigint, to: bigint, files: WrittenFile[]): Manifest {
  const checksum = createHash('sha256')
    .update(files.map((f) => `${f.name} ${f.sha256}\n`).join(''))
    .digest('hex');
  return {
    format: FORMAT,
    batch,
    watermark: { from: from.toString(), to: to.toString() },
    rows: files.reduce((n, f) => n + f.rows, 0),
    files,
    checksum,
  };
}

export function manifestText(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

export type FeedState = { ok: true; batches: Manifest[] } | { ok: false; reason: 'unreadable_manifest'; folder: string; detail: string };

/** The complete batches in `dir`, oldest first (a missing directory is a feed not started). */
export async function readFeed(dir: string): Promise<FeedState> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, batches: [] };
    throw err;
  }
  const batches: Manifest[] = [];
  for (const name of names.filter((n) => /^batch-\d{6,}$/.test(n))) {
    let text: string;
    try {
      text = await readFile(path.join(dir, name, MANIFEST), 'utf8');
    } catch (err) {
      // A folder without its manifest was never finished (only a rename makes a folder, so only
      // a hand could leave one): it is no batch.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { ok: false, reason: 'unreadable_manifest', folder: name, detail: err instanceof Error ? err.message : String(err) };
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success || batchFolder(parsed.data.batch) !== name) {
      return { ok: false, reason: 'unreadable_manifest', folder: name, detail: parsed.success ? 'batch number differs from the folder' : parsed.error.issues[0]?.message ?? 'invalid' };
    }
    batches.push(parsed.data);
  }
  batches.sort((a, b) => a.batch - b.batch);
  return { ok: true, batches };
}
