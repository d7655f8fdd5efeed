import { Worker as BullWorker, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Outbox, PlatformName } from '../core/bot/types.js';
import { OPEN_STATUSES } from '../core/leads/types.js';
import type { Db } from '../db/client.js';
import { log } from '../log.js';
import { jobFailures, watchQueues } from '../metrics.js';
import type { PlatformClient } from '../platforms/types.js';
import { DEFAULT_PREFIX, QUEUE, plainRedis, queueConnection, type QueueConnection } from './connection.js';
import { runDigest, type DigestRun } from './digests/send.js';
import { digestsQueue, syncAllDigests, syncTeamDigests, type DigestJobData } from './digests/schedule.js';
import { DEFAULT_RETRY, mergeLimits, type PlatformLimits, type RetryPolicy } from './outbound/limits.js';
import { createOutbox } from './outbound/outbox.js';
import { OutboundQueues } from './outbound/queues.js';
import { startOutboundWorker } from './outbound/worker.js';
import type { FireDeps, FireEffect } from './timers/fire.js';
import { backfillCareCadences } from './timers/care.js';
import { runDueTimers, startTimerWorker } from './timers/runner.js';
import { TimerScheduler, timersQueue } from './timers/schedule.js';
import { sweep, withSweepLock, type SweepDeps, type SweepReport } from './timers/sweep.js';
import { closeWorkers } from './shutdown.js';

export interface JobsDeps {
  db: Db;
  redisUrl: string;
  /** Platform clients by platform; a message for a platform without one fails visibly. */
  clients: Partial<Record<PlatformName, PlatformClient>>;
  now?: () => Date;
  /** BullMQ and key prefix (tests use a unique one per file). */
  prefix?: string;
  /** Overrides of the published rate limits (see outbound/limits.ts). */
  limits?: Partial<Record<PlatformName, Partial<PlatformLimits>>>;
  retry?: Partial<RetryPolicy>;
  /** How late a missed reminder may still go out. Default 12 h. */
  catchUpHours?: number;
  /**
   * Only timers due within this many hours are kept as jobs in Redis; the sweep adds the rest as
   * they come within reach. Keep it well above the sweep period and a few hours. Default 36.
   */
  timerHorizonHours?: number;
  /** The sweep's period; 0 turns the in-process ticker off (tests call `sweep(now)`). Default 60 s. */
  sweepEveryMs?: number;
  /** Run workers in this process (default true). With false, this process only enqueues. */
  workers?: boolean;
  /**
   * Timers run only through `runDueTimers(now)` (no live timer worker): for tests that move the
   * clock, and for a process that should not act on timers by itself.
   */
  manualTimers?: boolean;
}

export interface Jobs {
  outbox: Outbox;
  /**
   * Recomputes a lead's timers (due reminder, lapse warning and release, milestone warning and
   * expiry) from the database, replacing or cancelling its jobs; only those due within the
   * horizon get a job now, the sweep adds the others later. Call after a registration,
   * follow-up, won, lost, transfer, claim, extension or undo.
   */
  scheduleLead(leadId: string): Promise<number>;
  /** After a team's policy changes: its digest times and every open lead's timers. */
  scheduleTeam(teamId: string): Promise<void>;
  /** One sweep at `now` (the ticker runs it every minute); it also tops up the timers' horizon. */
  sweep(now?: Date): Promise<SweepReport>;
  /** Processes the timers due by `now` on that clock (tests, catch-up). */
  runDueTimers(now: Date): Promise<{ jobId: string; effect: FireEffect }[]>;
  /** Runs one team's digest now, as its scheduler would. */
  runDigest(data: DigestJobData, now?: Date): Promise<DigestRun>;
  readonly conn: QueueConnection;
  readonly outboundQueues: OutboundQueues;
  stop(graceMs?: number): Promise<void>;
}

/** Starts queues, workers, digest schedulers and the sweep ticker (assemble.ts holds the result). */
export async function startJobs(deps: JobsDeps): Promise<Jobs> {
  const now = deps.now ?? (() => new Date());
  const conn = queueConnection(deps.redisUrl, deps.prefix ?? DEFAULT_PREFIX);
  const redis: Redis = plainRedis(deps.redisUrl);
  redis.on('error', (err) => log.debug({ err }, 'redis'));
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
  const limits = mergeLimits(deps.limits);
  const catchUpMs = (deps.catchUpHours ?? 12) * 3_600_000;

  const outboundQueues = new OutboundQueues(conn, retry);
  const outbox = createOutbox(deps.db, outboundQueues);
  const tQueue = timersQueue(conn);
  const dQueue = digestsQueue(conn);
  const horizonMs = (deps.timerHorizonHours ?? 36) * 3_600_000;
  if (!(horizonMs > 0)) throw new Error('timerHorizonHours must be positive');
  const scheduler = new TimerScheduler({ db: deps.db, redis, conn, now, catchUpMs, horizonMs }, tQueue);
  const fireDeps: FireDeps = { db: deps.db, outbox, scheduler, catchUpMs };
  const sweepDeps: SweepDeps = {
    ...fireDeps,
    redis,
    prefix: conn.prefix,
    outboundQueues,
    onReconcile: async () => {
      await syncAllDigests(dQueue, deps.db);
      await backfillCareCadences(deps.db, now());
    },
  };
  const unwatch = watchQueues([...outboundQueues.all(), tQueue, dQueue]);

  const workers: Worker[] = [];
  if (deps.workers !== false) {
    for (const platform of ['feishu', 'wecom', 'local'] as const) {
      workers.push(startOutboundWorker(platform, { db: deps.db, redis, conn, clients: deps.clients, limits: limits[platform], retry, now }));
    }
    if (!deps.manualTimers) workers.push(startTimerWorker(fireDeps, conn, now));
    const digestWorker = new BullWorker<DigestJobData, DigestRun>(QUEUE.digests, async (job) => runDigest({ db: deps.db, outbox }, job.data, now()), {
      connection: conn.connection,
      prefix: conn.prefix,
      concurrency: 2,
    });
    digestWorker.on('failed', (job, err) => {
      jobFailures.inc({ queue: QUEUE.digests, name: job?.name ?? 'digest' });
      log.error({ err, data: job?.data }, 'digest failed');
    });
    workers.push(digestWorker);
  }

  const runSweep = (at: Date) => sweep(sweepDeps, at);
  let ticker: NodeJS.Timeout | undefined;
  const every = deps.sweepEveryMs ?? 60_000;
  if (every > 0) {
    const tick = () => {
      withSweepLock(redis, conn.prefix, Math.max(every - 5_000, 5_000), () => runSweep(now())).catch((err: unknown) =>
        log.error({ err }, 'sweep failed'),
      );
    };
    ticker = setInterval(tick, every);
    ticker.unref();
    tick();
  }

  const jobs: Jobs = {
    outbox,
    conn,
    outboundQueues,
    scheduleLead: (leadId) => scheduler.scheduleLead(leadId),
    async scheduleTeam(teamId) {
      await syncTeamDigests(dQueue, deps.db, teamId);
      const leads = await deps.db.lead.findMany({ where: { teamId, ownerId: { not: null }, status: { in: [...OPEN_STATUSES] } }, select: { id: true } });
      for (const l of leads) await scheduler.scheduleLead(l.id);
    },
    sweep: (at) => runSweep(at ?? now()),
    runDueTimers: (at) => runDueTimers(fireDeps, conn, at),
    runDigest: (data, at) => runDigest({ db: deps.db, outbox }, data, at ?? now()),
    async stop(graceMs = 10_000) {
      if (ticker) clearInterval(ticker);
      await closeWorkers(workers, graceMs);
      unwatch();
      await Promise.all([outboundQueues.close(), tQueue.close(), dQueue.close()]);
      redis.disconnect();
    },
  };
  return jobs;
}
