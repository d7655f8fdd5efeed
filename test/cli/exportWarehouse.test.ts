import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport } from '../../src/cli/export.js';
import { lead, registered, sh, world } from '../core/fixtures.js';
import { testDb } from '../helpers/db.js';
import { duckdb } from '../helpers/duckdb.js';
import { settle } from '../helpers/horizon.js';
import { REPO, spawnCli, type Ran } from './helpers.js';

const { db, url } = await testDb();
const duck = await duckdb();
const root = fileURLToPath(REPO);
const TSX = [path.join(root, 'node_modules/.bin/tsx'), path.join(root, 'src/cli.ts')];
const work = mkdtempSync(path.join(tmpdir(), 'cli-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The command in-process against the test database, with what it printed. */
async function run(args: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  // What src/cli.ts hands the subcommand: the words after `export`.
  const code = await runExport(args.slice(1), { out: (l) => out.push(l), err: (l) => err.push(l) }, () => url);
  return { code, stdout: out.map((l) => l + '\n').join(''), stderr: err.map((l) => l + '\n').join('') };
}

describe('npm run cli -- export warehouse --to DIR', () => {
  it('writes the next batch and says what it holds (the real CLI)', async () => {
    const w = await world(db);
    const a = await w.member('张三');
    const r = await registered(db, lead(a, sh('2026-11-20T10:00:00')));
    await settle(url);
    const dir = path.join(work, 'feed');
    const ran = await spawnCli(TSX, ['export', 'warehouse', '--to', dir], { env: { ...process.env, DATABASE_URL: url }, cwd: work });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^batch 1 → .*batch-000001: 1 row \(lead_history 1, follow_ups 0, tombstones 0\), watermark \[0, \d+\)\n/);
    const rows = await duck.all(`SELECT lead_id, change_kind FROM '${dir}/batch-000001/lead_history.parquet'`);
    expect(rows).toEqual([{ lead_id: r.lead.id, change_kind: 'register' }]);
  });

  it('--batch N cuts a batch again; a batch beyond the next is refused', async () => {
    const dir = mkdtempSync(path.join(work, 'again-'));
    expect((await run(['export', 'warehouse', '--to', dir])).code).toBe(0);
    const again = await run(['export', 'warehouse', '--to', dir, '--batch', '1']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/^batch 1 → .*\ncut again: identical to the batch as first written\n$/);
    expect(await run(['export', 'warehouse', '--to', dir, '--batch', '5'])).toEqual({ code: 1, stdout: '', stderr: 'there is no batch 5: the next one is 2\n' });
  });

  it('refuses to guess when a manifest cannot be read, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(work, 'broken-'));
    expect((await run(['export', 'warehouse', '--to', dir])).code).toBe(0);
    writeFileSync(path.join(dir, 'batch-000001', 'manifest.json'), '{"format": "lead-assistant.warehouse.v1", "batch": ');
    const r = await run(['export', 'warehouse', '--to', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^batch-000001\/manifest\.json cannot be read \(.+\); the feed's state is in the manifests, so nothing was written\n$/);
  });

  it('bad usage: the reason and the usage, exit 2', async () => {
    const r = await run(['export', 'warehouse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--to <dir> is required\nusage:\n {2}npm run --silent cli -- export warehouse --to <dir> /);
    expect((await run(['export', 'everything', '--to', work])).stderr).toMatch(/^what to export: warehouse\n/);
  });
});
