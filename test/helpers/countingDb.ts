import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Db } from '../../src/db/client.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';

export interface CountingDb {
  db: Db;
  /** Runs `work` and returns the SQL statements the database was sent meanwhile, in order. */
  statements(work: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A Prisma client over a pg pool whose connections note every statement they are sent (BEGIN and
 * COMMIT included), so a test can say how many round trips a step costs. Close it before the
 * test database is dropped.
 */
export function countingDb(url: string): CountingDb {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let seen: string[] | undefined;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const first = args[0];
        const sql = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : '?';
        seen?.push(sql);
        return query(...args);
      },
    });
  });
  const db: Db = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    db,
    async close() {
      await db.$disconnect();
      // The adapter does not own a pool it was handed.
      await pool.end();
    },
    async statements(work) {
      seen = [];
      try {
        await work();
        return seen;
      } finally {
        seen = undefined;
      }
    },
  };
}
