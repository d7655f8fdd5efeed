import { Queue } from 'bullmq';
import { readPolicy, type Policy } from '../../core/policy.js';
import type { Db } from '../../db/client.js';
import { QUEUE, type QueueConnection } from '../connection.js';
import { syncGroupDigests, type GroupDigestJobData } from './group.js';

export type DigestKind = 'rep' | 'manager-day' | 'manager-week' | 'manager-month';
export const DIGEST_KINDS: readonly DigestKind[] = ['rep', 'manager-day', 'manager-week', 'manager-month'];

export interface TeamDigestJobData {
  kind: DigestKind;
  teamId: string;
}

/** A team's digests, or an org's group digest (jobs/digests/group.ts). */
export type DigestJobData = TeamDigestJobData | GroupDigestJobData;

export function digestsQueue(conn: QueueConnection): Queue<DigestJobData> {
  return new Queue<DigestJobData>(QUEUE.digests, {
    connection: conn.connection,
    prefix: conn.prefix,
    defaultJobOptions: { removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 14 * 24 * 3600 }, attempts: 3, backoff: { type: 'exponential', delay: 30_000 } },
  });
}

function hm(hhmm: string): { h: number; m: number } {
  const [h, m] = hhmm.split(':').map(Number);
  return { h: h ?? 0, m: m ?? 0 };
}

/** Cron patterns in the team's zone, from its policy (policy days: 1 = Monday … 7 = Sunday; cron: 0 = Sunday). */
export function digestCron(kind: DigestKind, policy: Policy): string {
  const rep = hm(policy.repDigestAt);
  const mgr = hm(policy.managerDigestAt);
  switch (kind) {
    case 'rep':
      return `${rep.m} ${rep.h} * * *`;
    case 'manager-day':
      return `${mgr.m} ${mgr.h} * * *`;
    case 'manager-week':
      return `${mgr.m} ${mgr.h} * * ${policy.weeklyDigestDay % 7}`;
    case 'manager-month':
      return `${mgr.m} ${mgr.h} ${policy.monthlyDigestDay} * *`;
  }
}

export function schedulerId(kind: DigestKind, teamId: string): string {
  return `digest-${kind}-${teamId}`;
}

/** Upserts a team's four digest schedulers from its policy; call after the team's policy changes. */
export async function syncTeamDigests(queue: Queue<DigestJobData>, db: Db, teamId: string): Promise<void> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { id: true, policy: true } });
  if (!team) {
    await Promise.all(DIGEST_KINDS.map((k) => queue.removeJobScheduler(schedulerId(k, teamId))));
    return;
  }
  const policy = readPolicy(team.policy);
  await Promise.all(
    DIGEST_KINDS.map((kind) =>
      queue.upsertJobScheduler(schedulerId(kind, teamId), { pattern: digestCron(kind, policy), tz: policy.timeZone }, { name: kind, data: { kind, teamId } }),
    ),
  );
}

/** Every team's and org's schedulers, and none for those that are gone (start-up, and after a Redis flush). */
export async function syncAllDigests(queue: Queue<DigestJobData>, db: Db): Promise<number> {
  await syncGroupDigests(queue, db);
  const teams = await db.team.findMany({ select: { id: true } });
  const live = new Set(teams.map((t) => t.id));
  for (const t of teams) await syncTeamDigests(queue, db, t.id);
  const existing = await queue.getJobSchedulers(0, -1);
  for (const s of existing) {
    const data = s.template?.data;
    const teamId = data && data.kind !== 'group' ? data.teamId : undefined;
    if (teamId && !live.has(teamId)) await queue.removeJobScheduler(s.key);
  }
  return teams.length;
}
