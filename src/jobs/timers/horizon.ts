import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import type { Redis } from 'ioredis';
import { OPEN_STATUSES } from '../../core/leads/types.js';
import { readPolicy, type Policy } from '../../core/policy.js';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { log } from '../../log.js';
import { withLock } from './lock.js';
import { dueReminderAt } from './plan.js';
import type { TimerScheduler } from './schedule.js';

/*
 * Redis holds only the timers due within the horizon (TimerScheduler.horizonMs). Each sweep
 * moves the covered instant from where the last one left it to now + horizon, and schedules the
 * open leads with a timer in between. Those are found through the deadline columns, each shifted
 * by how far before its deadline the timer fires, so the windows of successive sweeps tile the
 * time line: every deadline is looked at once, when its timer comes within reach.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * A warning fires whole calendar days before its deadline in the team's zone, which across a
 * clock change is up to an hour off days × 24 h (two in Antarctica/Troll). Picking its deadline
 * up this much later than days × 24 h suggests guarantees the warning is inside the horizon when
 * its lead is scheduled, in any zone; it gets its job this much short of the full horizon.
 */
const DST_SLACK_MS = 2 * HOUR;
/** Daily, a full pass over every open lead catches what no top-up window could (a deadline moved without scheduleLead). */
const RECONCILE_EVERY_MS = DAY;
/**
 * A reconcile of a million leads or the evening a whole day's reminders come into reach takes a
 * while; overlapping sweeps must not all redo it. If a process dies holding the lock, top-ups
 * wait this long, which the 36 h horizon absorbs.
 */
const LOCK_MS = 30 * 60_000;

export interface HorizonDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  scheduler: TimerScheduler;
  catchUpMs: number;
  /** Called after a full reconcile (Redis was flushed): the digest schedulers are gone too. */
  onReconcile?: () => Promise<void>;
}

export interface HorizonReport {
  /** Open leads rescheduled by a full reconcile (flush, first start, daily, clock set back); null if none ran. */
  rescheduled: number | null;
  /** Leads scheduled because one of their timers came within the horizon. */
  toppedUp: number;
}

/**
 * Brings Redis's timers up to now + horizon. The database stays the truth: without a record of
 * what is covered (first start, flushed Redis), or daily, every open lead is rescheduled instead.
 */
export async function extendHorizon(deps: HorizonDeps, now: Date): Promise<HorizonReport> {
  const to = new Date(now.getTime() + deps.scheduler.horizonMs);
  const coveredKey = `${deps.prefix}:timers:covered`;
  const reconciledKey = `${deps.prefix}:timers:reconciled`;
  const run = async (): Promise<HorizonReport> => {
    const [covered, reconciled] = await Promise.all([deps.redis.get(coveredKey), deps.redis.exists(reconciledKey)]);
    const from = covered ? new Date(covered) : null;
    // A clock set back (a corrected server clock, a test) leaves the covered instant ahead of
    // the new horizon, and windows from there would skip what lies between.
    if (reconciled === 0 || !from || from.getTime() > to.getTime()) {
      const rescheduled = await deps.scheduler.reconcileAll(now);
      await deps.onReconcile?.();
      await deps.redis.multi().set(reconciledKey, now.toISOString(), 'PX', RECONCILE_EVERY_MS).set(coveredKey, to.toISOString()).exec();
      return { rescheduled, toppedUp: 0 };
    }
    // After an outage, timers older than the catch-up window are not worth sending any more, and
    // releases and expiries are applied by the sweep from the database: no need to look back further.
    const start = new Date(Math.max(from.getTime(), now.getTime() - deps.catchUpMs));
    const toppedUp = start < to ? await topUp(deps, start, to, now) : 0;
    await deps.redis.set(coveredKey, to.toISOString());
    return { rescheduled: null, toppedUp };
  };
  return (await withLock(deps.redis, `${deps.prefix}:timers:horizon:lock`, LOCK_MS, run)) ?? { rescheduled: null, toppedUp: 0 };
}

/** Schedules, at `now`, every open lead with a timer firing in (from, to]; returns how many. */
export async function topUp(deps: Pick<HorizonDeps, 'db' | 'scheduler'>, from: Date, to: Date, now: Date): Promise<number> {
  const ids = new Set<string>();
  for (const where of candidateRanges(await teamPolicies(deps.db), from, to)) {
    const rows = await deps.db.lead.findMany({ where: { status: { in: [...OPEN_STATUSES] }, ownerId: { not: null }, ...where }, select: { id: true } });
    for (const r of rows) ids.add(r.id);
  }
  // Each filter finds a lead by one of its timers (and the due-time filters by either way its
  // reminder may be timed): scheduleLoaded plans the whole lead and keeps what is within reach.
  return deps.scheduler.scheduleMany([...ids], now);
}

type TeamPolicy = { id: string; policy: Policy };

async function teamPolicies(db: Db): Promise<TeamPolicy[]> {
  const out: TeamPolicy[] = [];
  for (const t of await db.team.findMany({ select: { id: true, policy: true } })) {
    try {
      out.push({ id: t.id, policy: readPolicy(t.policy) });
    } catch (err) {
      // One team's broken policy must not stop every other team's reminders.
      log.warn({ err, teamId: t.id }, 'team policy unreadable; its timers wait for the daily reconcile');
    }
  }
  return out;
}

/**
 * Lead filters, each served by an index on (status, <deadline column>), that together find every
 * lead with a timer firing in (from, to]. Teams differ in warning days, reminder time and zone,
 * so those filters are per group of teams sharing them.
 */
export function candidateRanges(teams: readonly TeamPolicy[], from: Date, to: Date): Prisma.LeadWhereInput[] {
  const window = { gt: from, lte: to };
  const out: Prisma.LeadWhereInput[] = [
    // Release and expiry fire at the deadline itself; a due time the rep typed fires as typed.
    { protectionUntil: window },
    { milestoneDeadline: window, milestoneAt: null },
    { nextFollowUpAt: window },
  ];
  const early = (days: number) => ({ gt: new Date(from.getTime() + days * DAY - DST_SLACK_MS), lte: new Date(to.getTime() + days * DAY - DST_SLACK_MS) });
  for (const [days, group] of groupTeams(teams, (p) => p.lapseWarningDays)) {
    if (days > 0) out.push({ teamId: { in: ids(group) }, protectionUntil: early(days) });
  }
  for (const [days, group] of groupTeams(teams, (p) => p.milestoneWarningDays)) {
    if (days > 0) out.push({ teamId: { in: ids(group) }, milestoneAt: null, milestoneDeadline: early(days) });
  }
  // Otherwise the due reminder fires at the team's reminder time on the due day: the whole local
  // day comes into reach at once, when that day's reminder time does.
  for (const group of groupTeams(teams, (p) => `${p.timeZone} ${p.dueReminderAt}`).values()) {
    const policy = group[0]?.policy;
    if (!policy) continue;
    for (const day of reminderDays(policy, from, to)) out.push({ teamId: { in: ids(group) }, nextFollowUpAt: day });
  }
  return out;
}

function groupTeams<K>(teams: readonly TeamPolicy[], key: (p: Policy) => K): Map<K, TeamPolicy[]> {
  const groups = new Map<K, TeamPolicy[]>();
  for (const t of teams) {
    const k = key(t.policy);
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  return groups;
}

const ids = (group: readonly TeamPolicy[]) => group.map((t) => t.id);

/** The local days (merged when consecutive) whose reminder time falls in (from, to]. */
function reminderDays(policy: Policy, from: Date, to: Date): { gte: Date; lt: Date }[] {
  const out: { gte: Date; lt: Date }[] = [];
  // A day's reminder time is less than a day and a DST hour after the day starts.
  let day: TZDate = startOfDay(new TZDate(from.getTime() - DAY - HOUR, policy.timeZone));
  while (day.getTime() <= to.getTime()) {
    const next: TZDate = startOfDay(addDays(day, 1));
    const at = dueReminderAt(policy, new Date(day.getTime()), false).getTime();
    if (at > from.getTime() && at <= to.getTime()) {
      const last = out[out.length - 1];
      if (last && last.lt.getTime() === day.getTime()) last.lt = new Date(next.getTime());
      else out.push({ gte: new Date(day.getTime()), lt: new Date(next.getTime()) });
    }
    day = next;
  }
  return out;
}
