import pg from 'pg';
import { inject } from 'vitest';

/** Where the tests' PostgreSQL is: TEST_DATABASE_URL names a database we may create others from. */
export const TEMPLATE_PREFIX = 'lead_assistant_tmpl_';

/** The migrated template of this run, named by globalSetup (a hash of the migrations). */
export function templateDb(): string {
  return inject('templateDb');
}

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export function redisUrl(): string {
  return process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Runs `fn` on a connection to the admin database (creating and dropping databases). */
export async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
