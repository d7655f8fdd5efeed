import { label } from '../../cards/render.js';
import { contacts, OTHER_SLOT, parties, SLOT_LABELS, type TrafficCounts, type TrafficTable } from '../receptions/traffic.js';
import type { MeasureProgress, TargetProgress } from '../targets/types.js';
import type { StoreNumbers } from './storeNumbers.js';

/**
 * The card variables of the parts a store digest gains from receptions and targets: the
 * 展厅客流量统计表, contact capture by rep, and progress against the month's targets. Words
 * come from cards/texts.json; this file only arranges numbers.
 */

export function pctText(v: number | null): string {
  return v === null ? '—' : `${v}%`;
}

const n = (v: number) => String(v);

/** 来店 · 留资 · 来电 · 留资 · 订单 · 展厅销售, as the paper form's columns. */
function trafficCells(c: TrafficCounts): string[] {
  return [n(c.walkIn), n(c.walkInContact), n(c.phoneIn), n(c.phoneInContact), n(c.orders), n(c.showroomSales)];
}

const busy = (c: TrafficCounts) => parties(c) + c.orders + c.showroomSales > 0;

/** By slot for a day; by day for a week or month. A total row closes the table. */
export function trafficRows(t: TrafficTable, byDay: boolean): string[][] {
  const rows = byDay
    ? t.days.map((d) => [d.day.slice(5), ...trafficCells(d.total)])
    : t.bySlot.flatMap((c, i) => (i === OTHER_SLOT ? (busy(c) ? [[label('digestWord', 'otherSlot'), ...trafficCells(c)]] : []) : [[SLOT_LABELS[i] ?? '', ...trafficCells(c)]]));
  return [...rows, [label('digestWord', 'total'), ...trafficCells(t.total)]];
}

export function repReceptionRows(t: TrafficTable): string[][] {
  return t.reps.map((r) => [r.name, n(r.parties), n(r.contacts), pctText(r.captureRatePct)]);
}

function progressCells(p: MeasureProgress): string[] {
  return [label('measure', p.measure), p.target === null ? '—' : n(p.target), n(p.actual), pctText(p.pct), p.expected === null ? '—' : n(p.expected), pctText(p.pacePct)];
}

export function targetRows(measures: readonly MeasureProgress[]): string[][] {
  return measures.filter((m) => m.target !== null).map(progressCells);
}

/** One row per rep with a target: actual/target for each measure. */
export function repTargetRows(p: TargetProgress): string[][] {
  return p.reps.map((r) => [r.member.name, ...r.measures.map((m) => (m.target === null ? n(m.actual) : `${m.actual}/${m.target}`))]);
}

export function elapsedText(elapsed: number): string {
  return `${Math.round(elapsed * 100)}%`;
}

/** Everything a manager digest (day, week or month) shows from the store numbers. */
export function storeSectionVars(s: StoreNumbers, byDay: boolean): Record<string, unknown> {
  const t = s.traffic;
  const targets = targetRows(s.targets.team);
  return {
    store: {
      receptions: n(s.totals.receptions),
      contactsLeft: n(s.totals.contactsLeft),
      capture: pctText(s.captureRatePct),
      orders: n(s.totals.orders),
      deposits: n(s.totals.deposits),
      monthSales: n(t.monthSales),
      monthShowroomSales: n(t.monthShowroomSales),
      showroomRate: pctText(t.showroomRatePct),
      conversion: pctText(t.conversionPct),
    },
    hasReceptions: parties(t.total) + contacts(t.total) + t.total.orders + t.total.showroomSales > 0,
    receptionRows: trafficRows(t, byDay),
    repReceptionRows: repReceptionRows(t),
    targetRows: targets,
    hasTargets: targets.length > 0,
    targetMonth: s.targets.month,
    targetElapsed: elapsedText(s.targets.elapsed),
    repTargetRows: repTargetRows(s.targets),
  };
}

