import { buildManagerDigest, buildRepDigest } from '../../core/digests/index.js';
import type { PeriodKind } from '../../core/digests/period.js';
import type { Outbox } from '../../core/bot/types.js';
import type { Db } from '../../db/client.js';
import { notifyMembers, type MemberNotice } from '../notify.js';
import { sendGroupDigest } from './group.js';
import type { DigestJobData, TeamDigestJobData } from './schedule.js';

export interface DigestDeps {
  db: Db;
  outbox: Outbox;
}

export interface DigestRun {
  built: number;
  sent: number;
}

const PERIOD: Record<Exclude<TeamDigestJobData['kind'], 'rep'>, PeriodKind> = {
  'manager-day': 'day',
  'manager-week': 'week',
  'manager-month': 'month',
};

/**
 * One scheduled digest for one team. Each card's dedupe key names the member and the day or
 * period, so a retried or doubled job never sends a digest twice.
 */
export async function runDigest(deps: DigestDeps, data: DigestJobData, now: Date): Promise<DigestRun> {
  if (data.kind === 'group') return sendGroupDigest(deps, data.orgId, now);
  return data.kind === 'rep' ? sendRepDigests(deps, data.teamId, now) : sendManagerDigest(deps, data.teamId, PERIOD[data.kind], now);
}

async function sendRepDigests(deps: DigestDeps, teamId: string, now: Date): Promise<DigestRun> {
  const reps = await deps.db.member.findMany({ where: { teamId, active: true, role: 'rep' }, select: { id: true }, orderBy: { id: 'asc' } });
  const notices: MemberNotice[] = [];
  for (const rep of reps) {
    const digest = await buildRepDigest(deps.db, rep.id, now);
    // Someone with no leads, no registrations this month and no 回访 due gets no empty card.
    const care = digest ? digest.numbers.care.dueToday + digest.numbers.care.overdue : 0;
    if (!digest || (digest.numbers.openLeads === 0 && digest.numbers.quota.used === 0 && care === 0)) continue;
    notices.push({ memberId: rep.id, card: digest.card, dedupeKey: `digest-rep:${rep.id}:${digest.numbers.day}` });
  }
  await notifyMembers(deps.db, deps.outbox, notices);
  return { built: reps.length, sent: notices.length };
}

async function sendManagerDigest(deps: DigestDeps, teamId: string, period: PeriodKind, now: Date): Promise<DigestRun> {
  const digest = await buildManagerDigest(deps.db, teamId, now, period);
  if (!digest) return { built: 0, sent: 0 };
  const key = `digest-mgr:${teamId}:${digest.numbers.period.key}`;
  const managers = await deps.db.member.findMany({ where: { teamId, active: true, role: 'manager' }, select: { id: true } });
  await notifyMembers(
    deps.db,
    deps.outbox,
    managers.map((m) => ({ memberId: m.id, card: digest.card, dedupeKey: `${key}:${m.id}` })),
  );
  const team = await deps.db.team.findUnique({ where: { id: teamId }, select: { groupChatId: true, org: { select: { platform: true, tenantKey: true } } } });
  let sent = managers.length;
  if (team?.groupChatId) {
    await deps.outbox.enqueue(team.org.platform, team.org.tenantKey, [
      { to: { kind: 'chat', chatId: team.groupChatId }, card: digest.card, dedupeKey: `${key}:group` },
    ]);
    sent++;
  }
  return { built: 1, sent };
}
