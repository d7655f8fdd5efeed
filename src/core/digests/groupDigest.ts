import type { Db } from '../../db/client.js';
import { readPolicy } from '../policy.js';
import { pct } from '../receptions/traffic.js';
import { elapsedFraction } from '../targets/month.js';
import { measureProgress } from '../targets/progress.js';
import { MEASURES, type MeasureProgress } from '../targets/types.js';
import { digestPeriod, type Period, type PeriodKind } from './period.js';
import { addTotals, storeNumbers, zeroTotals, type StoreNumbers, type StoreTotals } from './storeNumbers.js';

/**
 * The group manager's (运营经理) digest: every store of the org side by side, with the sums.
 * Each store's row is that store's own digest numbers, so the group's totals are the sum of
 * the stores' digests by construction, and a test holds the store digests to it.
 */
export interface GroupStore extends StoreNumbers {
  /** 1 = best: most wins, then deposits, then receptions, then new leads. */
  rank: number;
}

export interface GroupDigestNumbers {
  orgId: string;
  orgName: string;
  timeZone: string;
  period: Period;
  stores: GroupStore[];
  totals: StoreTotals;
  captureRatePct: number | null;
  lostReasons: { reason: string | null; count: number }[];
  /** The stores' targets and actuals summed, paced by the org's month. */
  targets: MeasureProgress[];
}

export function rankStores(stores: StoreNumbers[]): GroupStore[] {
  const sorted = [...stores].sort(
    (a, b) =>
      b.totals.won - a.totals.won ||
      b.totals.deposits - a.totals.deposits ||
      b.totals.receptions - a.totals.receptions ||
      b.totals.newLeads - a.totals.newLeads ||
      a.teamName.localeCompare(b.teamName, 'zh'),
  );
  return sorted.map((s, i) => ({ ...s, rank: i + 1 }));
}

export async function groupDigestNumbers(db: Db, orgId: string, kind: PeriodKind, now: Date): Promise<GroupDigestNumbers | null> {
  const org = await db.org.findUnique({ where: { id: orgId }, select: { id: true, name: true, timeZone: true, teams: { select: { id: true, name: true, policy: true }, orderBy: { createdAt: 'asc' } } } });
  if (!org) return null;
  const refs = org.teams.flatMap((t) => {
    try {
      return [{ id: t.id, name: t.name, timeZone: readPolicy(t.policy).timeZone }];
    } catch {
      // A team whose stored policy is unreadable is read in the org's zone rather than left out.
      return [{ id: t.id, name: t.name, timeZone: org.timeZone }];
    }
  });
  const stores = rankStores(await storeNumbers(db, refs, kind, now));
  const totals = stores.reduce((acc, s) => addTotals(acc, s.totals), zeroTotals());
  const reasons = new Map<string | null, number>();
  for (const s of stores) for (const r of s.lostReasons) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + r.count);
  const period = digestPeriod(kind, now, org.timeZone);
  const month = stores[0]?.targets.month ?? null;
  const elapsed = month ? elapsedFraction(month, kind === 'day' ? now : new Date(period.to.getTime() - 1), org.timeZone) : 0;
  const targets = MEASURES.map((m, i) => {
    const withTarget = stores.map((s) => s.targets.team[i]).filter((p): p is MeasureProgress => p !== undefined && p.target !== null);
    const target = withTarget.length === 0 ? null : withTarget.reduce((a, p) => a + (p.target ?? 0), 0);
    const actual = stores.reduce((a, s) => a + (s.targets.team[i]?.actual ?? 0), 0);
    return measureProgress(m, target, actual, elapsed);
  });
  return {
    orgId,
    orgName: org.name,
    timeZone: org.timeZone,
    period,
    stores,
    totals,
    captureRatePct: pct(totals.contactsLeft, totals.receptions),
    lostReasons: [...reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || String(a.reason).localeCompare(String(b.reason))),
    targets,
  };
}
