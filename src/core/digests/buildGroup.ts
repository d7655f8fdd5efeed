import { formatDate } from '../../cards/format.js';
import type { Card } from '../../cards/model.js';
import { label, renderCard } from '../../cards/render.js';
import type { Db } from '../../db/client.js';
import { groupDigestNumbers, type GroupDigestNumbers } from './groupDigest.js';
import type { PeriodKind } from './period.js';
import { elapsedText, pctText, targetRows } from './storeVars.js';

/** A card is read on a phone: the ranking shows this many stores; the totals count them all. */
export const GROUP_ROWS = 30;

/** The group digest (运营经理): the numbers and the card. */
export async function buildGroupDigest(db: Db, orgId: string, now: Date, kind: PeriodKind): Promise<{ numbers: GroupDigestNumbers; card: Card } | null> {
  const g = await groupDigestNumbers(db, orgId, kind, now);
  if (!g) return null;
  const zone = g.timeZone;
  const lastDay = new Date(g.period.to.getTime() - 1);
  const periodLabel = kind === 'day' ? formatDate(g.period.from, zone, 'date') : `${formatDate(g.period.from, zone, 'date')}–${formatDate(lastDay, zone, 'date')}`;
  const shown = g.stores.slice(0, GROUP_ROWS);
  const winsTarget = (s: (typeof g.stores)[number]) => {
    const w = s.targets.team.find((m) => m.measure === 'wins');
    return w && w.target !== null ? `${w.actual}/${w.target}（${pctText(w.pacePct)}）` : '—';
  };
  const t = g.totals;
  const card = renderCard('digest-group', {
    orgName: g.orgName,
    kindLabel: label('digestKind', kind),
    periodLabel,
    storeCount: String(g.stores.length),
    totals: {
      newLeads: String(t.newLeads),
      receptions: String(t.receptions),
      capture: pctText(g.captureRatePct),
      followUps: `${t.followUpsDone}/${t.followUpsDue}`,
      overdue: String(t.overdue),
      deposits: String(t.deposits),
      won: String(t.won),
      lost: String(t.lost),
    },
    rankRows: shown.map((s) => [String(s.rank), s.teamName, String(s.totals.won), String(s.totals.deposits), String(s.totals.newLeads), `${s.totals.receptions}（${pctText(s.captureRatePct)}）`]),
    workRows: shown.map((s) => [s.teamName, `${s.totals.followUpsDone}/${s.totals.followUpsDue}`, String(s.totals.overdue), String(s.totals.lost), winsTarget(s)]),
    more: g.stores.length > shown.length,
    moreCount: String(g.stores.length - shown.length),
    targetRows: targetRows(g.targets),
    hasTargets: g.targets.some((m) => m.target !== null),
    targetElapsed: elapsedText(g.stores[0]?.targets.elapsed ?? 0),
    lostReasonData: g.lostReasons.map((r) => ({ label: r.reason ?? label('digestWord', 'noReason'), value: r.count })),
    quiet: kind === 'day' && t.newLeads + t.receptions + t.followUpsDone + t.won + t.lost + t.deposits === 0,
  });
  return { numbers: g, card };
}
