import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../src/db/migrate.js';
import { adminUrl, databaseUrl, TEMPLATE_PREFIX } from './helpers/pg.js';

/**
 * Builds the migrated template database that every test file clones. Its name carries a hash
 * of the migrations, so a template is built once per schema and never dropped under a run
 * that is cloning it (two vitest processes may share one PostgreSQL): it is migrated under a
 * scratch name and renamed into place when complete.
 */
function migrationsHash(): string {
  const dir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
  const hash = createHash('sha256');
  for (const name of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    hash.update(name).update(readFileSync(path.join(dir, name, 'migration.sql')));
  }
  return hash.digest('hex').slice(0, 12);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const template = `${TEMPLATE_PREFIX}${migrationsHash()}`;
  project.provide('templateDb', template);
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount) return;
    const scratch = `${template}_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${scratch}"`);
    await applyMigrations(databaseUrl(scratch));
    try {
      await admin.query(`ALTER DATABASE "${scratch}" RENAME TO "${template}"`);
    } catch (err) {
      // Another run finished the same template first: use theirs.
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      const now = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!now.rowCount) throw err;
    }
  } finally {
    await admin.end();
  }
}
