import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.js';
import { testDb } from '../helpers/db.js';

const { url, db } = await testDb();

describe('migrations', () => {
  it('are recorded in Prisma\'s own table, and a second run applies nothing', async () => {
    const again = await applyMigrations(url);
    expect(again.applied).toEqual([]);
    expect(again.skipped).toContain('20261128000000_init');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query('SELECT migration_name, finished_at FROM "_prisma_migrations"');
    await client.end();
    expect(rows.rows.map((r) => r.migration_name)).toContain('20261128000000_init');
  });

  it('leave a schema the generated client can write to', async () => {
    const org = await db.org.create({ data: { platform: 'local', tenantKey: 'demo' } });
    expect(await db.org.count({ where: { id: org.id } })).toBe(1);
  });
});
