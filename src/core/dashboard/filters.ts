import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, startOfMonth, startOfWeek, subMonths } from 'date-fns';
import { z } from 'zod';
import { ALL_CHANNELS } from './channels.js';

/**
 * What the 看板 is asked: the period and the filters, as the page's URL carries them
 * (?period=30d&gran=day&channel=douyin …), validated here; and who asks (the scope).
 */
export const PERIODS = ['today', 'yesterday', 'week', 'lastweek', 'month', 'lastmonth', '7d', '30d', '90d', 'custom'] as const;
export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export const STATUSES = ['new', 'following', 'milestone', 'deposit', 'won', 'lost', 'released', 'expired'] as const;
/** Hourly points only for short periods: a week is 168 of them. */
export const MAX_HOURLY_DAYS = 7;
export const MAX_DAYS = 366;

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.string().min(1).max(64);

export const filtersSchema = z.object({
  period: z.enum(PERIODS).default('30d'),
  from: ymd.optional(),
  to: ymd.optional(),
  gran: z.enum(GRANULARITIES).optional(),
  store: z.string().min(1).max(100).optional(),
  team: id.optional(),
  rep: id.optional(),
  channel: z.enum(ALL_CHANNELS).optional(),
  online: z.enum(['online', 'offline']).optional(),
  customer: z.enum(['new', 'returning']).optional(),
  level: z.string().min(1).max(8).optional(),
  status: z.enum(STATUSES).optional(),
});
export type Filters = z.infer<typeof filtersSchema>;

/** A drill into one chart's bar, slice or point: more conditions on the same leads. */
export const drillSchema = z.object({
  day: ymd.optional(),
  hour: z.coerce.number().int().min(0).max(23).optional(),
  city: z.string().max(40).optional(),
  district: z.string().max(40).optional(),
  product: z.string().max(100).optional(),
  dstore: z.string().max(100).optional(),
  dchannel: z.enum(ALL_CHANNELS).optional(),
  donline: z.enum(['online', 'offline']).optional(),
  dteam: id.optional(),
  drep: id.optional(),
  /** Funnel step: leads that got at least this far (0 new … 4 won). */
  stage: z.coerce.number().int().min(0).max(4).optional(),
  lost: z.string().max(100).optional(),
  /** Open leads past their follow-up time, or lapsing within two days. */
  attention: z.enum(['overdue', 'lapsing']).optional(),
});
export type Drill = z.infer<typeof drillSchema>;

export type Scope =
  | { kind: 'rep'; orgId: string; memberId: string }
  | { kind: 'team'; orgId: string; teamId: string }
  | { kind: 'org'; orgId: string };

/** Roles that see the whole org: admins, and the group manager (运营经理) where the org has one. */
const ORG_ROLES: ReadonlySet<string> = new Set(['admin', 'group_manager']);

/** A rep sees their own leads, a manager their team, the group manager and admins the org. */
export function scopeOf(member: { id: string; orgId: string; teamId: string | null; role: string }): Scope {
  if (ORG_ROLES.has(member.role)) return { kind: 'org', orgId: member.orgId };
  if (member.role === 'manager' && member.teamId) return { kind: 'team', orgId: member.orgId, teamId: member.teamId };
  return { kind: 'rep', orgId: member.orgId, memberId: member.id };
}

export interface Period {
  /** Local dates, both included. */
  from: string;
  to: string;
  days: number;
  gran: (typeof GRANULARITIES)[number];
}

export type PeriodRefusal = { ok: false; reason: 'bad_range' | 'too_long' | 'hourly_too_long' };

function dateOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The period's local dates in the org's time zone; a custom range is checked, not trusted. */
export function resolvePeriod(f: Filters, now: Date, timeZone: string): { ok: true; period: Period } | PeriodRefusal {
  const today = new TZDate(now.getTime(), timeZone);
  const back = (n: number) => addDays(today, -n);
  let from: Date;
  let to: Date = today;
  switch (f.period) {
    case 'today':
      from = today;
      break;
    case 'yesterday':
      from = to = back(1);
      break;
    case 'week':
      from = startOfWeek(today, { weekStartsOn: 1 });
      break;
    case 'lastweek':
      from = addDays(startOfWeek(today, { weekStartsOn: 1 }), -7);
      to = addDays(from, 6);
      break;
    case 'month':
      from = startOfMonth(today);
      break;
    case 'lastmonth':
      from = startOfMonth(subMonths(today, 1));
      to = addDays(startOfMonth(today), -1);
      break;
    case '7d':
      from = back(6);
      break;
    case '30d':
      from = back(29);
      break;
    case '90d':
      from = back(89);
      break;
    case 'custom': {
      if (!f.from || !f.to || f.from > f.to) return { ok: false, reason: 'bad_range' };
      const days = differenceInCalendarDays(new Date(`${f.to}T00:00:00Z`), new Date(`${f.from}T00:00:00Z`)) + 1;
      if (days > MAX_DAYS) return { ok: false, reason: 'too_long' };
      return withGran(f, f.from, f.to, days);
    }
  }
  const days = differenceInCalendarDays(to, from) + 1;
  return withGran(f, dateOf(from), dateOf(to), days);
}

function withGran(f: Filters, from: string, to: string, days: number): { ok: true; period: Period } | PeriodRefusal {
  const gran = f.gran ?? (days <= 2 ? 'hour' : days > 120 ? 'week' : 'day');
  if (gran === 'hour' && days > MAX_HOURLY_DAYS) return { ok: false, reason: 'hourly_too_long' };
  return { ok: true, period: { from, to, days, gran } };
}

export type ScopeRefusal = { ok: false; reason: 'out_of_scope' };

/** Filters may narrow a scope, never widen it: a rep's rep filter is themselves, a manager's team theirs. */
export function checkScope(scope: Scope, f: Filters, drill: Drill = {}): { ok: true } | ScopeRefusal {
  const team = f.team ?? drill.dteam;
  const rep = f.rep ?? drill.drep;
  if (scope.kind === 'rep' && ((rep !== undefined && rep !== scope.memberId) || team !== undefined)) return { ok: false, reason: 'out_of_scope' };
  if (scope.kind === 'team' && team !== undefined && team !== scope.teamId) return { ok: false, reason: 'out_of_scope' };
  return { ok: true };
}
