import { formatDate } from '../../cards/format.js';
import type { Card } from '../../cards/model.js';
import { label, renderCard } from '../../cards/render.js';
import type { Db } from '../../db/client.js';
import { TRAFFIC_SLOTS, managerDigestNumbers, type ManagerDigestNumbers } from './managerDigest.js';
import type { PeriodKind } from './period.js';
import { repDigestNumbers, type RepDigestLead, type RepDigestNumbers } from './repDigest.js';
import { elapsedText, storeSectionVars, targetRows } from './storeVars.js';

export interface Digest<N> {
  numbers: N;
  card: Card;
}

const UNKNOWN_SOURCE = '未填';
const UNKNOWN_REASON = '未填原因';

function pctText(v: number | null): string {
  return v === null ? '—' : `${v}%`;
}

/** The rep's morning digest: the numbers and the card, for the 08:30 job or on demand. */
export async function buildRepDigest(db: Db, memberId: string, now: Date): Promise<Digest<RepDigestNumbers> | null> {
  const n = await repDigestNumbers(db, memberId, now);
  if (!n) return null;
  const zone = n.timeZone;
  const leadRow = (l: RepDigestLead, at: Date | null, style: 'time' | 'dateTime') => [
    l.name,
    l.product ?? '',
    l.level ?? '',
    formatDate(at, zone, style),
  ];
  const riskRow = (l: RepDigestLead) => {
    const expiry = l.milestoneAt === null && l.milestoneDeadline !== null ? l.milestoneDeadline : null;
    const lapseFirst = l.protectionUntil !== null && (expiry === null || l.protectionUntil <= expiry);
    return lapseFirst
      ? [l.name, formatDate(l.protectionUntil, zone, 'dateTime'), '保护期到期']
      : [l.name, formatDate(expiry, zone, 'dateTime'), '到店/量尺截止'];
  };
  const shown = n.lists.dueToday.length + n.lists.overdue.length + n.lists.atRisk.length;
  const card = renderCard('digest-rep', {
    name: n.memberName,
    dateLabel: formatDate(now, zone, 'date'),
    dueToday: n.dueToday,
    overdue: n.overdue,
    lapseRisk: n.lapseRisk,
    expiryRisk: n.expiryRisk,
    openLeads: n.openLeads,
    quotaText: n.quota.exempt || n.quota.quota === null ? `${n.quota.used}（不限）` : `${n.quota.used}/${n.quota.quota}`,
    nothingToDo: n.dueToday + n.overdue + n.lapseRisk + n.expiryRisk + n.care.dueToday + n.care.overdue === 0,
    careDue: n.care.dueToday,
    careOverdue: n.care.overdue,
    hasCare: n.care.dueToday + n.care.overdue > 0,
    careRows: n.care.items.map((c) => [c.name, c.product ?? '', label('careKind', c.kind), formatDate(c.dueAt, zone, 'date')]),
    targetRows: n.targets ? targetRows(n.targets.measures) : [],
    targetElapsed: n.targets ? elapsedText(n.targets.elapsed) : '',
    dueRows: n.lists.dueToday.map((l) => leadRow(l, l.nextFollowUpAt, 'time')),
    overdueRows: n.lists.overdue.map((l) => leadRow(l, l.nextFollowUpAt, 'dateTime')),
    riskRows: n.lists.atRisk.map(riskRow),
    more: n.dueToday + n.overdue + n.lapseRisk + n.expiryRisk > shown,
  });
  return { numbers: n, card };
}

const KIND_LABEL: Record<PeriodKind, string> = { day: '日报', week: '周报', month: '月报' };

/** The managers' digest for a period (day at 19:00, weekly and monthly roll-ups): numbers and card. */
export async function buildManagerDigest(db: Db, teamId: string, now: Date, period: PeriodKind): Promise<Digest<ManagerDigestNumbers> | null> {
  const n = await managerDigestNumbers(db, teamId, now, period);
  if (!n) return null;
  const zone = n.timeZone;
  const lastDay = new Date(n.period.to.getTime() - 1);
  const periodLabel =
    period === 'day'
      ? formatDate(n.period.from, zone, 'date')
      : `${formatDate(n.period.from, zone, 'date')}–${formatDate(lastDay, zone, 'date')}`;
  const trafficRows = TRAFFIC_SLOTS.map((slot, i) => [slot, String(n.traffic.walkIn[i] ?? 0), String(n.traffic.phoneIn[i] ?? 0)]);
  const vars = {
    teamName: n.teamName,
    kindLabel: KIND_LABEL[period],
    periodLabel,
    // Whole-placeholder values keep their type in templates; card fields are strings.
    totals: Object.fromEntries(Object.entries(n.totals).map(([k, v]) => [k, String(v)])),
    conversion: pctText(n.conversionPct),
    winRate: pctText(n.winRatePct),
    repRows: n.reps.map((r) => [r.name, String(r.newLeads), `${r.followUpsDone}/${r.followUpsDue}`, String(r.overdue), String(r.won), String(r.lost)]),
    wonRows: n.won.map((l) => [l.name, l.product ?? '', l.owner ?? '']),
    lostRows: n.lost.map((l) => [l.name, l.owner ?? '', l.reason ?? UNKNOWN_REASON]),
    sourceData: n.sources.map((s) => ({ label: s.source ? label('source', s.source) : UNKNOWN_SOURCE, value: s.count })),
    hasTraffic: n.traffic.walkIn.some((v) => v > 0) || n.traffic.phoneIn.some((v) => v > 0),
    trafficRows,
    lostReasonData: n.lostReasons.map((r) => ({ label: r.reason ?? UNKNOWN_REASON, value: r.count })),
    newTrend: n.trend.map((d) => ({ label: d.day.slice(5), value: d.newLeads })),
    wonTrend: n.trend.map((d) => ({ label: d.day.slice(5), value: d.won })),
    hasWins: n.totals.won > 0,
    quiet: n.totals.newLeads + n.totals.followUpsDone + n.totals.won + n.totals.lost + n.store.totals.receptions === 0,
    ...storeSectionVars(n.store, period !== 'day'),
  };
  const card = renderCard(period === 'day' ? 'digest-manager' : 'digest-rollup', vars);
  return { numbers: n, card };
}
