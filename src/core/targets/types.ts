import type { MemberRef } from '../leads/types.js';
import type { MonthKey } from './month.js';

/** What a month's target counts (月销售计划分配表, 营业目标计划与实绩比较表). */
export const MEASURES = ['newLeads', 'receptions', 'deposits', 'wins'] as const;
export type Measure = (typeof MEASURES)[number];

/** A value per measure; null clears it, a missing key keeps what was set. */
export type TargetValues = Partial<Record<Measure, number | null>>;

export interface TargetView {
  teamId: string;
  /** null: the team's own target. */
  member: MemberRef | null;
  month: MonthKey;
  values: Record<Measure, number | null>;
}

export interface SetTargetInput {
  actorId: string;
  /** The team whose target it is; for a rep, their team. Default: the actor's team. */
  teamId?: string | null;
  /** A rep's target; null for the team's. */
  memberId: string | null;
  month: MonthKey;
  values: TargetValues;
}

export type SetTargetResult =
  | { ok: true; target: TargetView }
  | { ok: false; reason: 'unknown_member' }
  | { ok: false; reason: 'no_team' }
  /** Only the team's managers, admins and group managers set targets. */
  | { ok: false; reason: 'not_allowed' }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'bad_month'; month: string }
  | { ok: false; reason: 'nothing_to_set' }
  | { ok: false; reason: 'bad_value'; measure: Measure; value: number };

export interface MeasureProgress {
  measure: Measure;
  target: number | null;
  actual: number;
  /** actual / target, percent (one decimal); null without a target. */
  pct: number | null;
  /** What the month's pace asks for by now: target × the share of the month gone by. */
  expected: number | null;
  /** actual / expected, percent; ≥ 100 is on pace. */
  pacePct: number | null;
}

export interface TargetProgress {
  teamId: string;
  month: MonthKey;
  /** Share of the month gone by (on the 15th of a 30-day month, 0.5). */
  elapsed: number;
  /** The team's numbers against its own target, or against the sum of its reps' when it has none. */
  team: MeasureProgress[];
  teamTargetFrom: 'team' | 'reps' | null;
  reps: { member: MemberRef; measures: MeasureProgress[] }[];
}
