import pg from 'pg';
import { applyMigrations } from '../src/db/migrate.js';
import { TEMPLATE_DB, adminUrl, databaseUrl } from './helpers/pg.js';

/** Builds the migrated template database that every test file clones. */
export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  await applyMigrations(databaseUrl(TEMPLATE_DB));
}
