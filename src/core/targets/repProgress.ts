import type { Db } from '../../db/client.js';
import { TEAM_SUBJECT } from './setTarget.js';
import { elapsedFraction, monthKeyOf, monthRange } from './month.js';
import { measureProgress } from './progress.js';
import { MEASURES, type MeasureProgress } from './types.js';

/**
 * One rep's progress against their own target this month, for the morning digest: a single
 * look-up when they have none, each count on the member's own index when they do.
 */
export async function repTargetProgress(db: Db, memberId: string, teamId: string, timeZone: string, asOf: Date): Promise<{ month: string; elapsed: number; measures: MeasureProgress[] } | null> {
  const month = monthKeyOf(asOf, timeZone);
  const target = await db.target.findUnique({ where: { teamId_month_subject: { teamId, month, subject: memberId } } });
  if (!target || target.subject === TEAM_SUBJECT || MEASURES.every((m) => target[m] === null)) return null;
  const { start, end } = monthRange(month, timeZone);
  const within = { gte: start, lt: end };
  const [newLeads, receptions, deposits, wins] = await Promise.all([
    db.lead.count({ where: { registeredById: memberId, teamId, registeredAt: within } }),
    db.reception.count({ where: { receivedById: memberId, teamId, inAt: within } }),
    db.followUp.findMany({ where: { memberId, milestone: 'deposit', at: within, lead: { teamId } }, select: { leadId: true }, distinct: ['leadId'] }).then((r) => r.length),
    db.lead.count({ where: { ownerId: memberId, teamId, status: 'won', wonAt: within } }),
  ]);
  const actual = { newLeads, receptions, deposits, wins };
  const elapsed = elapsedFraction(month, asOf, timeZone);
  return { month, elapsed, measures: MEASURES.map((m) => measureProgress(m, target[m], actual[m], elapsed)) };
}
