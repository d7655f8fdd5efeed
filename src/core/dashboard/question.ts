import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/client.js';
import { ts } from '../digests/period.js';
import { ALL_CHANNELS, onlineChannels, type Channel } from './channels.js';
import {
  checkScope,
  drillSchema,
  filtersSchema,
  resolvePeriod,
  scopeOf,
  type Drill,
  type Filters,
  type Period,
  type Scope,
} from './filters.js';

/**
 * One question to the 看板: who asks (scope), about which leads (filters, period), when (now).
 * Built once per request from the URL's parameters; every figure and list reads it.
 */
export interface Question {
  scope: Scope;
  filters: Filters;
  drill: Drill;
  period: Period;
  timeZone: string;
  online: ReadonlySet<Channel>;
  now: Date;
}

export interface Asker {
  id: string;
  orgId: string;
  teamId: string | null;
  role: string;
}

export type QuestionRefusal =
  | { ok: false; reason: 'bad_filters'; issues: string[] }
  | { ok: false; reason: 'bad_range' | 'too_long' | 'hourly_too_long' | 'out_of_scope' };

export async function askQuestion(
  db: Db,
  asker: Asker,
  params: Record<string, string | undefined>,
  now: Date,
): Promise<{ ok: true; question: Question } | QuestionRefusal> {
  const filters = filtersSchema.safeParse(params);
  const drill = drillSchema.safeParse(params);
  if (!filters.success || !drill.success) {
    const issues = [...(filters.error?.issues ?? []), ...(drill.error?.issues ?? [])].map((i) => i.path.join('.'));
    return { ok: false, reason: 'bad_filters', issues };
  }
  const scope = scopeOf(asker);
  const inScope = checkScope(scope, filters.data, drill.data);
  if (!inScope.ok) return inScope;
  const org = await db.org.findUnique({ where: { id: asker.orgId }, select: { timeZone: true } });
  const timeZone = org?.timeZone ?? 'Asia/Shanghai';
  const period = resolvePeriod(filters.data, now, timeZone);
  if (!period.ok) return period;
  return {
    ok: true,
    question: { scope, filters: filters.data, drill: drill.data, period: period.period, timeZone, online: await onlineChannels(db, asker.orgId), now },
  };
}

export function channelsOf(q: Question, side: 'online' | 'offline'): Channel[] {
  return ALL_CHANNELS.filter((c) => q.online.has(c) === (side === 'online'));
}

/** The channels both the channel and online/offline filters (and a drill) allow; undefined when neither is set. */
function allowedChannels(q: Question, withDrill: boolean): Channel[] | undefined {
  let set: Channel[] | undefined;
  const narrow = (list: Channel[]) => (set = set === undefined ? list : set.filter((c) => list.includes(c)));
  if (q.filters.channel) narrow([q.filters.channel]);
  if (q.filters.online) narrow(channelsOf(q, q.filters.online));
  if (withDrill && q.drill.dchannel) narrow([q.drill.dchannel]);
  if (withDrill && q.drill.donline) narrow(channelsOf(q, q.drill.donline));
  return set;
}

const day = (d: string) => Prisma.sql`${d}::date`;

/**
 * The facts' WHERE for this question (alias f = "DashLead"). `period: false` leaves the
 * registration days out (follow-ups and attention lists are dated otherwise).
 */
export function factWhere(q: Question, opts: { period?: boolean; drill?: boolean } = {}): Prisma.Sql {
  const withDrill = opts.drill ?? false;
  const f = q.filters;
  const d = withDrill ? q.drill : {};
  const c: Prisma.Sql[] = [Prisma.sql`f."orgId" = ${q.scope.orgId}`];
  if (q.scope.kind === 'rep') c.push(Prisma.sql`f."ownerId" = ${q.scope.memberId}`);
  if (q.scope.kind === 'team') c.push(Prisma.sql`f."teamId" = ${q.scope.teamId}`);
  const attention = d.attention !== undefined;
  if ((opts.period ?? true) && !attention) c.push(Prisma.sql`f.day BETWEEN ${day(q.period.from)} AND ${day(q.period.to)}`);
  if (f.store) c.push(Prisma.sql`f.store = ${f.store}`);
  if (f.team) c.push(Prisma.sql`f."teamId" = ${f.team}`);
  if (f.rep) c.push(Prisma.sql`f."ownerId" = ${f.rep}`);
  const channels = allowedChannels(q, withDrill);
  if (channels) c.push(channels.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`f.channel IN (${Prisma.join(channels)})`);
  if (f.customer) c.push(Prisma.sql`f.returning = ${f.customer === 'returning'}`);
  if (f.level) c.push(Prisma.sql`f.level = ${f.level}`);
  if (f.status) c.push(Prisma.sql`f.status = ${f.status}::"LeadStatus"`);
  if (d.day) c.push(Prisma.sql`f.day = ${day(d.day)}`);
  if (d.hour !== undefined) c.push(Prisma.sql`f.hour = ${d.hour}`);
  if (d.city !== undefined) c.push(Prisma.sql`f.city = ${d.city}`);
  if (d.district !== undefined) c.push(Prisma.sql`f.district = ${d.district}`);
  if (d.product !== undefined) c.push(Prisma.sql`f.product = ${d.product}`);
  if (d.dstore !== undefined) c.push(Prisma.sql`f.store = ${d.dstore}`);
  if (d.dteam) c.push(Prisma.sql`f."teamId" = ${d.dteam}`);
  if (d.drep !== undefined) c.push(d.drep === '' ? Prisma.sql`f."ownerId" IS NULL` : Prisma.sql`f."ownerId" = ${d.drep}`);
  if (d.stage !== undefined) c.push(Prisma.sql`f.stage >= ${d.stage}`);
  if (d.lost !== undefined) c.push(Prisma.sql`f."lostReason" = ${d.lost}`);
  if (d.attention === 'overdue') c.push(Prisma.sql`f."dueAt" < ${ts(q.now)}`);
  if (d.attention === 'lapsing') c.push(Prisma.sql`f."lapseAt" >= ${ts(q.now)} AND f."lapseAt" < ${ts(new Date(q.now.getTime() + LAPSING_MS))}`);
  return Prisma.join(c, ' AND ');
}

/** "About to lapse": protection or the milestone deadline ends within two days (the rulebook's warnings). */
export const LAPSING_MS = 2 * 86_400_000;

export { ts };

/**
 * Which slice of DashCube answers this question, if any: an org-wide view, no store, team or
 * rep filter, and at most one of channel (with online/offline), customer, level, status.
 */
export function cubeSlice(q: Question): { fkind: string; fvals: string[] } | null {
  if (q.scope.kind !== 'org') return null;
  const f = q.filters;
  if (f.store || f.team || f.rep) return null;
  const channels = allowedChannels(q, false);
  const slices: { fkind: string; fvals: string[] }[] = [];
  if (channels) slices.push({ fkind: 'channel', fvals: channels });
  if (f.customer) slices.push({ fkind: 'returning', fvals: [f.customer] });
  if (f.level) slices.push({ fkind: 'level', fvals: [f.level] });
  if (f.status) slices.push({ fkind: 'status', fvals: [f.status] });
  if (slices.length > 1) return null;
  return slices[0] ?? { fkind: '', fvals: [''] };
}
