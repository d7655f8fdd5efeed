import pg from 'pg';

/**
 * Waits until every transaction begun before this call has ended, in the whole PostgreSQL
 * cluster (transaction ids are cluster-wide, and other test files run beside this one). The
 * feed's horizon only passes a row once that is so; a test that expects its own last write in
 * the next batch waits here first, so another file's open transaction cannot make it flaky.
 */
export async function settle(url: string, timeoutMs = 30_000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const mine = await client.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x');
    const x = BigInt(mine.rows[0]?.x ?? '0');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await client.query<{ hi: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi');
      if (BigInt(r.rows[0]?.hi ?? '0') > x) return;
      if (Date.now() > deadline) throw new Error(`transactions older than ${x} still open after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}
