import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { log } from '../../log.js';
import { jobFailures } from '../../metrics.js';
import { QUEUE, type QueueConnection } from '../connection.js';
import { fireTimer, type FireDeps, type FireEffect } from './fire.js';
import { timersQueue, type TimerJobData } from './schedule.js';

/** The live path: BullMQ fires a delayed timer when its moment comes, on the injected clock. */
export function startTimerWorker(deps: FireDeps, conn: QueueConnection, now: () => Date): Worker<TimerJobData, FireEffect> {
  const worker = new Worker<TimerJobData, FireEffect>(QUEUE.timers, async (job) => fireTimer(deps, job.data, now()), {
    connection: conn.connection,
    prefix: conn.prefix,
    concurrency: 8,
  });
  worker.on('failed', (job, err) => {
    jobFailures.inc({ queue: QUEUE.timers, name: job?.name ?? 'timer' });
    log.warn({ err, jobId: job?.id }, 'timer failed');
  });
  worker.on('error', (err) => log.warn({ err }, 'timer worker error'));
  return worker;
}

/**
 * The same processing, driven by a given clock instead of real time: promotes the timers due by
 * `now`, takes them from the queue as a worker would and completes them. Tests move the clock
 * with it; an operator can use it to catch up after an outage. Returns the effects in order.
 */
export async function runDueTimers(deps: FireDeps, conn: QueueConnection, now: Date): Promise<{ jobId: string; effect: FireEffect }[]> {
  const manual = new Worker<TimerJobData, FireEffect>(QUEUE.timers, null, { connection: conn.connection, prefix: conn.prefix, autorun: false });
  const queue = timersQueue(conn);
  const out: { jobId: string; effect: FireEffect }[] = [];
  try {
    const delayed = await queue.getDelayed();
    const due = delayed.filter((j) => Date.parse((j.data as TimerJobData).fireAt) <= now.getTime());
    due.sort((a, b) => Date.parse((a.data as TimerJobData).fireAt) - Date.parse((b.data as TimerJobData).fireAt));
    for (const j of due) if (j.id) await queue.getJob(j.id).then((job) => job?.promote());
    const token = randomUUID();
    for (;;) {
      const job: Job<TimerJobData, FireEffect> | undefined = await manual.getNextJob(token, { block: false });
      if (!job) break;
      try {
        const effect = await fireTimer(deps, job.data, now);
        await job.moveToCompleted(effect, token, false);
        out.push({ jobId: job.id ?? '', effect });
      } catch (err) {
        await job.moveToFailed(err instanceof Error ? err : new Error(String(err)), token, false);
        throw err;
      }
    }
    return out;
  } finally {
    await manual.close();
    await queue.close();
  }
}
