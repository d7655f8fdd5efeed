import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { queueConnection, QUEUE } from '../../src/jobs/connection.js';
import { startWarehouseJobs, WAREHOUSE_SCHEDULER } from '../../src/jobs/exports/warehouseJob.js';
import { lead, registered, sh, world } from '../core/fixtures.js';
import { testDb } from '../helpers/db.js';
import { settle } from '../helpers/horizon.js';
import { redisUrl } from '../helpers/pg.js';

const { db, url } = await testDb();
const conn = queueConnection(redisUrl(), `wh${randomBytes(4).toString('hex')}`);
const dir = await mkdtemp(path.join(tmpdir(), 'feed-job-'));
const queue = new Queue(QUEUE.warehouse, { connection: conn.connection, prefix: conn.prefix });
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the daily warehouse batch', () => {
  it('is one scheduler at WAREHOUSE_AT in its zone, and its job writes the next batch', async () => {
    const jobs = await startWarehouseJobs(conn, { databaseUrl: url, dir, at: '02:30', timeZone: 'Asia/Shanghai' });
    try {
      const schedulers = await queue.getJobSchedulers(0, -1);
      expect(schedulers.map((s) => ({ key: s.key, pattern: s.pattern, tz: s.tz }))).toEqual([
        { key: WAREHOUSE_SCHEDULER, pattern: '30 2 * * *', tz: 'Asia/Shanghai' },
      ]);
      const next = new Date(Number(schedulers[0]?.next));
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('02:30');

      const w = await world(db);
      const a = await w.member('张三');
      await registered(db, lead(a, sh('2026-11-20T10:00:00')));
      await settle(url);
      const job = await queue.add('batch', {});
      await expect.poll(async () => (await job.getState()) as string, { timeout: 20_000, interval: 100 }).toBe('completed');
      expect(await readdir(dir)).toEqual(['batch-000001']);
      const r = await jobs.runNow();
      expect(r).toMatchObject({ ok: true, manifest: { batch: 2, rows: 0 } });
    } finally {
      await jobs.close();
    }
  });

  it('without a folder, the schedule is removed', async () => {
    const jobs = await startWarehouseJobs(conn, null);
    await jobs.close();
    expect(await queue.getJobSchedulers(0, -1)).toEqual([]);
  });
});
