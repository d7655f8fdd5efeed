import type { Worker } from 'bullmq';
import { log } from '../log.js';

/**
 * Stops workers for SIGTERM: each stops taking jobs and finishes the ones in hand; past the
 * grace period it is closed by force, and BullMQ's stalled-job check hands those jobs to the
 * next worker (they are idempotent: a timer re-checks its lead, a send re-checks its row).
 */
export async function closeWorkers(workers: readonly Worker[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const result = await Promise.race([w.close().then(() => 'closed' as const), timedOut]);
      if (timer) clearTimeout(timer);
      if (result === 'timeout') {
        log.warn({ worker: w.name }, 'in-flight jobs did not finish in time; releasing them');
        await w.close(true);
      }
    }),
  );
}
