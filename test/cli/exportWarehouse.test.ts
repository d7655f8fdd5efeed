import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lead, registered, sh, world } from '../core/fixtures.js';
import { testDb } from '../helpers/db.js';
import { duckdb } from '../helpers/duckdb.js';
import { settle } from '../helpers/horizon.js';
import { REPO, spawnCli } from './helpers.js';

const { db, url } = await testDb();
const duck = await duckdb();
const root = fileURLToPath(REPO);
const TSX = [path.join(root, 'node_modules/.bin/tsx'), path.join(root, 'src/cli.ts')];
const work = mkdtempSync(path.join(tmpdir(), 'cli-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { ...process.env, DATABASE_URL: url };

describe('npm run cli -- export warehouse --to DIR', () => {
  it('writes the next batch and says what it holds', async () => {
    const w = await world(db);
    const a = await w.member('张三');
    const r = await registered(db, lead(a, sh('2026-11-20T10:00:00')));
    await settle(url);
    const dir = path.join(work, 'feed');
    const run = await spawnCli(TSX, ['export', 'warehouse', '--to', dir], { env, cwd: work });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^batch 1 → .*batch-000001: 1 row \(lead_history 1, follow_ups 0, tombstones 0\), watermark \[0, \d+\)\n/);
    const rows = await duck.all(`SELECT lead_id, change_kind FROM '${dir}/batch-000001/lead_history.parquet'`);
    expect(rows).toEqual([{ lead_id: r.lead.id, change_kind: 'register' }]);

    const again = await spawnCli(TSX, ['export', 'warehouse', '--to', dir, '--batch', '1'], { env, cwd: work });
    expect(again.stdout).toContain('cut again: identical to the batch as first written');
    const ahead = await spawnCli(TSX, ['export', 'warehouse', '--to', dir, '--batch', '5'], { env, cwd: work });
    expect(ahead).toMatchObject({ code: 1, stderr: 'there is no batch 5: the next one is 2\n' });
  });

  it('refuses to guess when a manifest cannot be read, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(work, 'broken-'));
    const first = await spawnCli(TSX, ['export', 'warehouse', '--to', dir], { env, cwd: work });
    expect(first.code).toBe(0);
    writeFileSync(path.join(dir, 'batch-000001', 'manifest.json'), '{"format": "lead-assistant.warehouse.v1", "batch": ');
    const r = await spawnCli(TSX, ['export', 'warehouse', '--to', dir], { env, cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^batch-000001\/manifest\.json cannot be read \(.+\); the feed's state is in the manifests, so nothing was written\n$/);
  });

  it('bad usage: the reason and the usage, exit 2', async () => {
    const r = await spawnCli(TSX, ['export', 'warehouse'], { env, cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--to <dir> is required\nusage:\n {2}npm run --silent cli -- export warehouse --to <dir> /);
  });
});
