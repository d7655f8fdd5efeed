import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { OPEN_STATUSES } from '../../core/leads/types.js';
import type { Db } from '../../db/client.js';
import { log } from '../../log.js';
import { QUEUE, type QueueConnection } from '../connection.js';
import { loadLeads, type LoadedLead } from './load.js';
import { planTimers, stillWorthFiring, timerJobId, type TimerKind } from './plan.js';

const BATCH = 500;

export interface TimerJobData {
  kind: TimerKind;
  leadId: string;
  /** ISO; the job fires then, and the worker checks the lead still wants a timer at this moment. */
  fireAt: string;
  deadline: string;
}

export interface SchedulerDeps {
  db: Db;
  redis: Redis;
  conn: QueueConnection;
  now: () => Date;
  /** How late a missed notification may still be sent (a reminder 2 days late helps nobody). */
  catchUpMs: number;
  /**
   * Only timers due within this long are kept in Redis: at a million leads, every deadline of
   * every open lead as a delayed job is millions of keys. The sweep's top-up (topUp.ts) adds
   * the rest as their moment comes within reach.
   */
  horizonMs: number;
}

export function timersQueue(conn: QueueConnection): Queue<TimerJobData> {
  return new Queue<TimerJobData>(QUEUE.timers, {
    connection: conn.connection,
    prefix: conn.prefix,
    // Completed timers are kept a while so re-adding the same job id (a restart's reconcile) is a no-op.
    defaultJobOptions: { removeOnComplete: { age: 3 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 }, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  });
}

/**
 * Keeps each lead's BullMQ timers equal to what its row implies within the horizon. Job ids
 * carry the fire time, so a moved deadline is a new job and the old one is removed, and adding
 * a timer that already exists (the top-up overlapping scheduleLead) is a no-op; a per-lead hash
 * remembers which ids are live so they can be found without scanning the queue.
 */
export class TimerScheduler {
  constructor(
    private readonly deps: SchedulerDeps,
    readonly queue: Queue<TimerJobData>,
  ) {}

  private hashKey(leadId: string): string {
    return `${this.deps.conn.prefix}:timers:lead:${leadId}`;
  }

  get horizonMs(): number {
    return this.deps.horizonMs;
  }

  /** Recomputes one lead's timers from the database; call it after anything that moves a deadline. */
  async scheduleLead(leadId: string): Promise<number> {
    const [lead] = await loadLeads(this.deps.db, [leadId]);
    if (!lead) {
      await this.replace(leadId, []);
      return 0;
    }
    return this.scheduleLoaded(lead);
  }

  /** The lead's timers that are due by `now` + horizon (and past ones still worth running). */
  async scheduleLoaded(lead: LoadedLead, now: Date = this.deps.now()): Promise<number> {
    const reach = now.getTime() + this.deps.horizonMs;
    const plan = planTimers(lead.timer, lead.policy).filter(
      (t) => t.fireAt.getTime() <= reach && (t.fireAt.getTime() > now.getTime() || stillWorthFiring(t, now, this.deps.catchUpMs)),
    );
    await this.replace(
      lead.timer.id,
      plan.map((t) => ({
        jobId: timerJobId(t),
        delay: Math.max(0, t.fireAt.getTime() - now.getTime()),
        data: { kind: t.kind, leadId: t.leadId, fireAt: t.fireAt.toISOString(), deadline: t.deadline.toISOString() },
      })),
    );
    return plan.length;
  }

  private async replace(leadId: string, jobs: { jobId: string; delay: number; data: TimerJobData }[]): Promise<void> {
    const key = this.hashKey(leadId);
    const current = await this.deps.redis.hgetall(key);
    const wanted = new Set(jobs.map((j) => j.jobId));
    for (const old of Object.values(current)) {
      if (wanted.has(old)) continue;
      // A job already running cannot be removed; it re-checks the lead and finds itself stale.
      await this.queue.remove(old).catch((err: unknown) => log.debug({ err, jobId: old }, 'timer not removed'));
    }
    if (jobs.length > 0) {
      await this.queue.addBulk(jobs.map((j) => ({ name: j.data.kind, data: j.data, opts: { jobId: j.jobId, delay: j.delay } })));
    }
    const tx = this.deps.redis.multi().del(key);
    if (jobs.length > 0) tx.hset(key, Object.fromEntries(jobs.map((j) => [j.data.kind, j.jobId])));
    await tx.exec();
  }

  /** Reschedules these leads at `now`, a batch at a time; returns how many were found. */
  async scheduleMany(ids: readonly string[], now: Date, batch = BATCH): Promise<number> {
    let total = 0;
    for (let i = 0; i < ids.length; i += batch) {
      const leads = await loadLeads(this.deps.db, ids.slice(i, i + batch));
      await Promise.all(leads.map((l) => this.scheduleLoaded(l, now)));
      total += leads.length;
    }
    return total;
  }

  /** Reschedules every open lead (after a Redis flush, and daily): the database is the truth. */
  async reconcileAll(now: Date = this.deps.now()): Promise<number> {
    let cursor: string | undefined;
    let total = 0;
    for (;;) {
      const rows = await this.deps.db.lead.findMany({
        where: { status: { in: [...OPEN_STATUSES] }, ownerId: { not: null }, ...(cursor ? { id: { gt: cursor } } : {}) },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      if (rows.length === 0) return total;
      cursor = rows[rows.length - 1]?.id;
      total += await this.scheduleMany(rows.map((r) => r.id), now);
    }
  }
}
