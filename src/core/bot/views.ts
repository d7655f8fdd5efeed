import { TZDate } from '@date-fns/tz';
import { formatBudget, formatDate } from '../../cards/format.js';
import { label, text } from '../../cards/render.js';
import type { LeadView, Milestone, SideFacts } from '../leads/types.js';
import { OPEN_STATUSES } from '../leads/types.js';

/**
 * Turns the rules' values into the strings a card template shows. Formatting only: labels,
 * dates and budgets come from cards/texts.json, so no Chinese is written here.
 */
export interface ViewOptions {
  timeZone: string;
  now: Date;
  /** The member looking at the card (flags their own leads). */
  viewerId?: string;
  /** In a group chat every phone is masked, whoever asks. */
  forceMask?: boolean;
}

const isOpen = (status: LeadView['status']): boolean => (OPEN_STATUSES as readonly string[]).includes(status);

export function leadVars(lead: LeadView, o: ViewOptions): Record<string, unknown> {
  const open = isOpen(lead.status);
  return {
    id: lead.id,
    name: lead.name,
    phone: o.forceMask ? lead.maskedPhone : lead.phone,
    maskedPhone: lead.maskedPhone,
    gender: label('gender', lead.gender),
    address: lead.address ?? '',
    product: lead.product ?? '',
    budget: formatBudget(lead.budgetMin, lead.budgetMax),
    source: label('source', lead.source),
    level: label('level', lead.level),
    levelCode: lead.level ?? '-',
    status: label('status', lead.status),
    owner: lead.owner?.name ?? text('formats.none'),
    registeredAt: formatDate(lead.registeredAt, o.timeZone, 'dateTime'),
    protectionUntil: open ? formatDate(lead.protectionUntil, o.timeZone) : '',
    // The milestone deadline stops mattering once a visit or deposit is logged.
    milestoneDeadline: open && !lead.milestoneAt ? formatDate(lead.milestoneDeadline, o.timeZone) : '',
    lastFollowUpAt: formatDate(lead.lastFollowUpAt, o.timeZone, 'dateTime'),
    nextFollowUpAt: open ? formatDate(lead.nextFollowUpAt, o.timeZone, 'dateTime') : '',
    followUpCount: String(lead.followUpCount),
    wonAt: formatDate(lead.wonAt, o.timeZone, 'dateTime'),
    lostReason: lead.lostReason ?? '',
    releasedAt: formatDate(lead.releasedAt, o.timeZone, 'dateTime'),
    releaseReason: label('releaseReason', lead.releaseReason),
    lateReport: lead.lateReport,
    mine: o.viewerId !== undefined && lead.owner?.id === o.viewerId && open,
    overdue: open && lead.nextFollowUpAt !== null && lead.nextFollowUpAt.getTime() <= o.now.getTime(),
  };
}

/** One side of a ruling card's comparison table. */
export function sideVars(side: SideFacts, timeZone: string): Record<string, string> {
  const none = text('formats.none');
  const milestones = side.milestones.map((m: { kind: Milestone; at: Date }) =>
    text('formats.milestoneAt', { what: label('milestone', m.kind), when: formatDate(m.at, timeZone) }),
  );
  return {
    name: side.member?.name ?? none,
    registeredAt: formatDate(side.registeredAt, timeZone, 'dateTime') || none,
    source: label('source', side.source) || none,
    followUpCount: String(side.followUpCount),
    lastFollowUpAt: formatDate(side.lastFollowUpAt, timeZone, 'dateTime') || none,
    milestones: milestones.length > 0 ? milestones.join(text('formats.listSeparator')) : none,
  };
}

/** The draft a form shows, as strings (dates as YYYY-MM-DD for the date picker). */
export function draftVars(
  draft: {
    name?: string | null;
    gender?: string | null;
    phone?: string | null;
    address?: string | null;
    product?: string | null;
    budget?: readonly [number | null, number | null] | null;
    source?: string | null;
    level?: string | null;
    notes?: string | null;
    nextFollowUpAt?: Date | null;
  },
  timeZone: string,
): Record<string, string> {
  return {
    name: draft.name ?? '',
    gender: draft.gender ?? '',
    phone: draft.phone ?? '',
    address: draft.address ?? '',
    product: draft.product ?? '',
    budget: draft.budget ? formatBudget(draft.budget[0], draft.budget[1]) : '',
    source: draft.source ?? '',
    level: draft.level ?? '',
    notes: draft.notes ?? '',
    nextFollowUpAt: formatDate(draft.nextFollowUpAt ?? null, timeZone, 'isoDate'),
  };
}

/**
 * A calendar date the rep named (YYYY-MM-DD) as the instant of the reminder: at the time they
 * gave, else the team's reminder time that day.
 */
export function dateAt(date: string | null | undefined, time: string | null | undefined, defaultTime: string, timeZone: string): Date | null {
  const d = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  if (!d) return null;
  const t = /^(\d{1,2}):(\d{2})$/.exec(time ?? '') ?? /^(\d{1,2}):(\d{2})$/.exec(defaultTime);
  const [hh, mm] = t ? [Number(t[1]), Number(t[2])] : [9, 0];
  return new Date(new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hh, mm, timeZone).getTime());
}
