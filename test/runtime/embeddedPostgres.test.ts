import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { log } from '../../src/log.js';

// As root the server runs as the `postgres` user, which must be able to enter the directory.
const root = await mkdtemp(path.join(tmpdir(), 'embedded-pg-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

async function query(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

async function pidIsAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('with no DATABASE_URL, a real PostgreSQL starts from the npm package and keeps its data', () => {
  const dataDir = path.join(root, 'keeps', 'pg');

  it('initialises an empty directory, takes the migrations, and has the rows again after a restart', async () => {
    const first = await startEmbeddedPostgres({ dataDir, log });
    try {
      const migrated = await applyMigrations(first.url);
      expect(migrated.applied.length).toBeGreaterThan(0);
      await query(first.url, `INSERT INTO "Org" (id, platform, "tenantKey", name) VALUES ('o1', 'local', 'local', '演示')`);
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, log });
    try {
      const again = await applyMigrations(second.url);
      expect(again.applied).toEqual([]);
      const rows = await query(second.url, `SELECT name FROM "Org" WHERE id = 'o1'`);
      expect(rows.rows).toEqual([{ name: '演示' }]);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('serves many connections at once (the web handlers and the workers share it)', async () => {
    const server = await startEmbeddedPostgres({ dataDir, log });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => query(server.url, 'SELECT $1::int AS n, pg_sleep(0.05)', [i])));
      expect(results.map((r) => (r.rows[0] as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('after a crash the next start still works', () => {
  const dataDir = path.join(root, 'crash', 'pg');

  it('ignores a postmaster.pid naming a process that no longer exists or is not PostgreSQL', async () => {
    const server = await startEmbeddedPostgres({ dataDir, log });
    await server.stop();
    // A pid that belongs to a live process that is not PostgreSQL: our own test runner.
    await writeFile(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n0\n5432\n`);
    const again = await startEmbeddedPostgres({ dataDir, log });
    try {
      expect((await query(again.url, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('shuts down a server left running by a process that was killed, then starts its own', async () => {
    // A separate Node process starts the server and is killed with SIGKILL, as a crash would.
    const script = path.join(root, 'crash-start.mts');
    const embedded = fileURLToPath(new URL('../../src/db/embedded.js', import.meta.url)).replace(/\.js$/, '.ts');
    const logModule = fileURLToPath(new URL('../../src/log.js', import.meta.url)).replace(/\.js$/, '.ts');
    await writeFile(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(embedded)};
       import { log } from ${JSON.stringify(logModule)};
       await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, log });
       console.log('READY');
       setInterval(() => undefined, 1000);`,
    );
    // One Node process (tsx as a loader, not its CLI, which would add a parent process).
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        if (b.toString().includes('READY')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const orphanPid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(await pidIsAlive(orphanPid)).toBe(true);

    const server = await startEmbeddedPostgres({ dataDir, log });
    try {
      expect(await pidIsAlive(orphanPid)).toBe(false);
      expect((await query(server.url, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
