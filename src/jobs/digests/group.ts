import { buildGroupDigest } from '../../core/digests/buildGroup.js';
import type { PeriodKind } from '../../core/digests/period.js';
import type { Db } from '../../db/client.js';
import { notifyMembers } from '../notify.js';
import type { DigestDeps, DigestRun } from './send.js';

/**
 * The group digest (every store of an org, for its group managers, 运营经理), scheduled daily at
 * the org's groupDigestAt in the org's zone, after the stores' own evening digests.
 */
export interface GroupDigestJobData {
  kind: 'group';
  orgId: string;
}

export function groupSchedulerId(orgId: string): string {
  return `digest-group-${orgId}`;
}

function cronAt(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m ?? 0} ${h ?? 20} * * *`;
}

/** The digests queue as far as the group digest uses it. */
interface GroupQueue {
  upsertJobScheduler(id: string, repeat: { pattern: string; tz: string }, template: { name: string; data: GroupDigestJobData }): Promise<unknown>;
  getJobSchedulers(start: number, end: number): Promise<{ key: string; template?: { data?: unknown } }[]>;
  removeJobScheduler(id: string): Promise<unknown>;
}

function orgOf(data: unknown): string | null {
  return typeof data === 'object' && data !== null && 'kind' in data && data.kind === 'group' && 'orgId' in data && typeof data.orgId === 'string' ? data.orgId : null;
}

/** Upserts every org's group digest scheduler; removes those of orgs that are gone. */
export async function syncGroupDigests(queue: GroupQueue, db: Db): Promise<number> {
  const orgs = await db.org.findMany({ select: { id: true, groupDigestAt: true, timeZone: true } });
  const ids = new Set(orgs.map((o) => o.id));
  for (const o of orgs) {
    await queue.upsertJobScheduler(groupSchedulerId(o.id), { pattern: cronAt(o.groupDigestAt), tz: o.timeZone }, { name: 'group', data: { kind: 'group', orgId: o.id } });
  }
  for (const s of await queue.getJobSchedulers(0, -1)) {
    const orgId = orgOf(s.template?.data);
    if (orgId && !ids.has(orgId)) await queue.removeJobScheduler(s.key);
  }
  return orgs.length;
}

/** Builds one org's group digest and sends it to its group managers, once per period each. */
export async function sendGroupDigest(deps: DigestDeps, orgId: string, now: Date, kind: PeriodKind = 'day'): Promise<DigestRun> {
  const managers = await deps.db.member.findMany({ where: { orgId, active: true, role: 'group_manager' }, select: { id: true } });
  if (managers.length === 0) return { built: 0, sent: 0 };
  const digest = await buildGroupDigest(deps.db, orgId, now, kind);
  if (!digest) return { built: 0, sent: 0 };
  const key = `digest-group:${orgId}:${digest.numbers.period.key}`;
  await notifyMembers(
    deps.db,
    deps.outbox,
    managers.map((m) => ({ memberId: m.id, card: digest.card, dedupeKey: `${key}:${m.id}` })),
  );
  return { built: 1, sent: managers.length };
}
