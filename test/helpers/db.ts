import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createDb, type Db } from '../../src/db/client.js';
import { adminUrl, databaseUrl, templateDb } from './pg.js';

export interface TestDb {
  db: Db;
  url: string;
  name: string;
}

/**
 * A fresh database for one test file, cloned from the migrated template that globalSetup
 * built, so files run in parallel and never see each other's rows. Dropped after the file.
 */
export async function testDb(poolSize = 10): Promise<TestDb> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Two clones of one template at the same instant can collide; a short retry settles it.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`);
        break;
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const db = createDb(url, poolSize);
  afterAll(async () => {
    await db.$disconnect();
    const drop = new pg.Client({ connectionString: adminUrl() });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await drop.end();
  });
  return { db, url, name };
}
