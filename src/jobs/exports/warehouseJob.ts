import { Queue, Worker } from 'bullmq';
import { describeFeed } from '../../exports/warehouse/describe.js';
import { runFeed, type FeedResult } from '../../exports/warehouse/feed.js';
import { log } from '../../log.js';
import { jobFailures } from '../../metrics.js';
import { QUEUE, type QueueConnection } from '../connection.js';

/**
 * The warehouse feed's daily batch: one BullMQ job scheduler (a fixed id, so any number of
 * servers keep one schedule) and a worker that runs the same code as the CLI. The feed's own
 * per-folder lock keeps a job and a hand-run CLI from writing at once.
 */
export interface WarehouseSchedule {
  databaseUrl: string;
  dir: string;
  /** HH:MM, in timeZone. */
  at: string;
  timeZone: string;
}

export const WAREHOUSE_SCHEDULER = 'warehouse-daily';

export function warehouseCron(at: string): string {
  const [h, m] = at.split(':').map(Number);
  return `${m ?? 0} ${h ?? 0} * * *`;
}

export interface WarehouseJobs {
  /** A batch now, as the schedule would write it (tests, an operator's catch-up). */
  runNow(): Promise<FeedResult>;
  close(): Promise<void>;
}

/** Schedules (or, with no schedule, removes) the daily batch and starts its worker. */
export async function startWarehouseJobs(conn: QueueConnection, schedule: WarehouseSchedule | null, workers = true): Promise<WarehouseJobs> {
  const queue = new Queue(QUEUE.warehouse, {
    connection: conn.connection,
    prefix: conn.prefix,
    defaultJobOptions: { removeOnComplete: { age: 30 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 }, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  });
  if (!schedule) {
    await queue.removeJobScheduler(WAREHOUSE_SCHEDULER);
    return { runNow: () => Promise.reject(new Error('WAREHOUSE_DIR is not set')), close: () => queue.close() };
  }
  await queue.upsertJobScheduler(WAREHOUSE_SCHEDULER, { pattern: warehouseCron(schedule.at), tz: schedule.timeZone }, { name: 'batch' });

  const run = async (): Promise<FeedResult> => {
    const result = await runFeed({ databaseUrl: schedule.databaseUrl, dir: schedule.dir });
    const lines = describeFeed(result);
    if (result.ok) log.info({ batch: result.manifest.batch, rows: result.manifest.rows, watermark: result.manifest.watermark, heldBy: result.heldBy }, lines.out.join('; '));
    else if (result.reason === 'busy') log.info({ dir: schedule.dir }, lines.err.join('; '));
    // A broken folder or a wrong database needs a person: the job fails, visibly, and retries.
    else throw new Error(lines.err.join('; '));
    return result;
  };
  const worker = workers
    ? new Worker(QUEUE.warehouse, async () => run(), { connection: conn.connection, prefix: conn.prefix, concurrency: 1 })
    : null;
  worker?.on('failed', (job, err) => {
    jobFailures.inc({ queue: QUEUE.warehouse, name: job?.name ?? 'batch' });
    log.error({ err }, 'warehouse batch failed');
  });
  return {
    runNow: run,
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}
