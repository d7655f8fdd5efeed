import { quotaStatus } from '../leads/index.js';
import { plusDays } from '../leads/deadlines.js';
import { readPolicy } from '../policy.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/client.js';
import { digestPeriod, OPEN, ts } from './period.js';
import { repCare, type RepCare } from '../care/repCare.js';
import { repTargetProgress } from '../targets/repProgress.js';
import type { MeasureProgress } from '../targets/types.js';

export interface RepDigestLead {
  id: string;
  name: string;
  product: string | null;
  level: string | null;
  nextFollowUpAt: Date | null;
  protectionUntil: Date | null;
  milestoneDeadline: Date | null;
  milestoneAt: Date | null;
}

export interface RepDigestNumbers {
  memberId: string;
  memberName: string;
  teamId: string;
  timeZone: string;
  day: string;
  dueToday: number;
  overdue: number;
  /** Protection ends before the end of the warning window (lapseWarningDays after today). */
  lapseRisk: number;
  /** No milestone yet and the deadline falls within milestoneWarningDays after today. */
  expiryRisk: number;
  openLeads: number;
  quota: { used: number; quota: number | null; exempt: boolean };
  /** Up to `listLimit` leads of each list, most urgent first. */
  lists: { dueToday: RepDigestLead[]; overdue: RepDigestLead[]; atRisk: RepDigestLead[] };
  /** Care (回访) and win-back contacts due today or overdue. */
  care: RepCare;
  /** The rep's own target this month, when one is set. */
  targets: { month: string; elapsed: number; measures: MeasureProgress[] } | null;
}

interface CountRow {
  due_today: number;
  overdue: number;
  lapse_risk: number;
  expiry_risk: number;
  open: number;
}

/** The rep's morning numbers, as of `now` in the team's time zone: one aggregate plus one short list query. */
export async function repDigestNumbers(db: Db, memberId: string, now: Date, listLimit = 8): Promise<RepDigestNumbers | null> {
  const member = await db.member.findUnique({
    where: { id: memberId },
    select: { id: true, name: true, teamId: true, team: { select: { policy: true } } },
  });
  if (!member?.teamId || !member.team) return null;
  const policy = readPolicy(member.team.policy);
  const day = digestPeriod('day', now, policy.timeZone);
  const lapseHorizon = plusDays(policy, day.to, policy.lapseWarningDays);
  const expiryHorizon = plusDays(policy, day.to, policy.milestoneWarningDays);

  const dueToday = Prisma.sql`("nextFollowUpAt" >= ${ts(day.from)} AND "nextFollowUpAt" < ${ts(day.to)})`;
  const overdue = Prisma.sql`("nextFollowUpAt" < ${ts(day.from)})`;
  const lapse = Prisma.sql`("protectionUntil" < ${ts(lapseHorizon)})`;
  const expiry = Prisma.sql`("milestoneAt" IS NULL AND "milestoneDeadline" < ${ts(expiryHorizon)})`;
  const where = Prisma.sql`"ownerId" = ${memberId} AND status IN ${OPEN}`;

  const [counts] = await db.$queryRaw<CountRow[]>`
    SELECT count(*) FILTER (WHERE ${dueToday})::int AS due_today,
           count(*) FILTER (WHERE ${overdue})::int AS overdue,
           count(*) FILTER (WHERE ${lapse})::int AS lapse_risk,
           count(*) FILTER (WHERE ${expiry})::int AS expiry_risk,
           count(*)::int AS open
    FROM "Lead" WHERE ${where}`;

  const pick = (cond: Prisma.Sql, order: Prisma.Sql) => db.$queryRaw<RepDigestLead[]>`
    SELECT id, name, product, level, "nextFollowUpAt", "protectionUntil", "milestoneDeadline", "milestoneAt"
    FROM "Lead" WHERE ${where} AND ${cond} ORDER BY ${order} LIMIT ${listLimit}`;
  const [dueList, overdueList, riskList] = await Promise.all([
    pick(dueToday, Prisma.sql`"nextFollowUpAt"`),
    pick(overdue, Prisma.sql`"nextFollowUpAt"`),
    pick(Prisma.sql`(${lapse} OR ${expiry})`, Prisma.sql`LEAST("protectionUntil", CASE WHEN "milestoneAt" IS NULL THEN "milestoneDeadline" END)`),
  ]);
  const [quota, care, targets] = await Promise.all([
    quotaStatus(db, memberId, now),
    repCare(db, memberId, day, listLimit),
    repTargetProgress(db, memberId, member.teamId, policy.timeZone, now),
  ]);
  return {
    memberId,
    memberName: member.name,
    teamId: member.teamId,
    timeZone: policy.timeZone,
    day: day.key,
    dueToday: counts?.due_today ?? 0,
    overdue: counts?.overdue ?? 0,
    lapseRisk: counts?.lapse_risk ?? 0,
    expiryRisk: counts?.expiry_risk ?? 0,
    openLeads: counts?.open ?? 0,
    quota: { used: quota.used, quota: quota.quota, exempt: quota.exempt },
    lists: { dueToday: dueList, overdue: overdueList, atRisk: riskList },
    care,
    targets,
  };
}
