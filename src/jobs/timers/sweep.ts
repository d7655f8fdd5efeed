import type { Redis } from 'ioredis';
import { findDisputesToRemind, findDueForExpiry, findDueForRelease, markReminded } from '../../core/leads/index.js';
import type { Db } from '../../db/client.js';
import { log } from '../../log.js';
import { sweepRepairs } from '../../metrics.js';
import { requeuePending } from '../outbound/outbox.js';
import type { OutboundQueues } from '../outbound/queues.js';
import { remindDispute } from './disputeReminder.js';
import { remindCare } from './care.js';
import { closeLead, type FireDeps } from './fire.js';
import { extendHorizon } from './horizon.js';
import { withLock } from './lock.js';

export interface SweepDeps extends FireDeps {
  redis: Redis;
  prefix: string;
  outboundQueues: OutboundQueues;
  /** Called after a full reconcile (Redis was flushed): the digest schedulers are gone too. */
  onReconcile?: () => Promise<void>;
}

export interface SweepReport {
  released: number;
  expired: number;
  disputesReminded: number;
  /** Care (回访) and win-back reminders that came due. */
  careReminded: number;
  requeued: number;
  /** Open leads rescheduled in full: no record of what Redis covers (flush, first start), daily, or a clock set back. */
  rescheduled: number | null;
  /** Leads given jobs because one of their timers came within the horizon since the last sweep. */
  toppedUp: number;
}

const BATCH = 500;
const MAX_BATCHES = 40;

/**
 * The database's side of every timer: whatever a lost job should have done, done now. Runs
 * every minute; safe to run twice at once (each step is idempotent), a lock only saves work.
 */
export async function sweep(deps: SweepDeps, now: Date): Promise<SweepReport> {
  const report: SweepReport = { released: 0, expired: 0, disputesReminded: 0, careReminded: 0, requeued: 0, rescheduled: null, toppedUp: 0 };
  report.released = await closeDue(deps, 'release', now);
  report.expired = await closeDue(deps, 'expire', now);

  for (const stale of await findDisputesToRemind(deps.db, now)) {
    if (!(await markReminded(deps.db, stale.disputeId, now))) continue;
    await remindDispute(deps, stale, now);
    report.disputesReminded++;
  }
  report.careReminded = await remindCare(deps, now);

  try {
    report.requeued = await requeuePending(deps.db, deps.outboundQueues, now);
    if (report.requeued > 0) sweepRepairs.inc({ what: 'requeued' }, report.requeued);
    const horizon = await extendHorizon(deps, now);
    report.rescheduled = horizon.rescheduled;
    report.toppedUp = horizon.toppedUp;
    if (report.rescheduled) sweepRepairs.inc({ what: 'rescheduled' }, report.rescheduled);
  } catch (err) {
    log.warn({ err }, 'sweep could not reach Redis; deadlines were still enforced from the database');
  }
  if (report.released + report.expired + report.disputesReminded + report.careReminded + report.requeued + report.toppedUp > 0 || report.rescheduled) {
    log.info({ ...report }, 'sweep');
  }
  return report;
}

async function closeDue(deps: SweepDeps, kind: 'release' | 'expire', now: Date): Promise<number> {
  let done = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const ids = kind === 'release' ? await findDueForRelease(deps.db, now, BATCH) : await findDueForExpiry(deps.db, now, BATCH);
    let changed = 0;
    for (const id of ids) {
      const effect = await closeLead(deps, kind, id, now);
      if (effect === 'released' || effect === 'expired') changed++;
    }
    done += changed;
    if (ids.length < BATCH || changed === 0) break;
  }
  if (done > 0) sweepRepairs.inc({ what: kind === 'release' ? 'released' : 'expired' }, done);
  return done;
}

/** One sweep at a time across processes; if Redis is down, sweep anyway (the steps are idempotent). */
export async function withSweepLock<T>(redis: Redis, prefix: string, ttlMs: number, run: () => Promise<T>): Promise<T | null> {
  return withLock(redis, `${prefix}:sweep:lock`, ttlMs, run);
}
