import { differenceInCalendarDays } from 'date-fns';
import { formatDate } from '../../cards/format.js';
import type { Card } from '../../cards/model.js';
import { label, renderCard } from '../../cards/render.js';
import { maskPhone } from '../../core/phone.js';
import type { LoadedLead } from './load.js';
import type { Timer, TimerKind } from './plan.js';

const TEMPLATE: Record<Exclude<TimerKind, 'release' | 'expire'>, string> = {
  due: 'reminder-due',
  'lapse-warn': 'reminder-lapse-warn',
  'milestone-warn': 'reminder-milestone-warn',
};

/** The lead as a reminder card shows it to its owner (full phone: the owner may see it). */
export function leadVars(lead: LoadedLead, deadline: Date, now: Date): Record<string, unknown> {
  const zone = lead.policy.timeZone;
  const lastActivity = lead.lastFollowUpAt && lead.lastFollowUpAt > lead.startedAt ? lead.lastFollowUpAt : lead.startedAt;
  return {
    id: lead.timer.id,
    name: lead.name,
    phone: lead.phone,
    maskedPhone: maskPhone(lead.phone),
    product: lead.product ?? '',
    level: label('level', lead.level),
    followUpCount: lead.followUpCount,
    lastFollowUpAt: formatDate(lead.lastFollowUpAt, zone, 'dateTime'),
    protectionUntil: formatDate(lead.timer.protectionUntil, zone, 'dateTime'),
    dueAt: formatDate(deadline, zone, 'dateTime'),
    deadline: formatDate(deadline, zone, 'dateTime'),
    idleDays: Math.max(0, differenceInCalendarDays(now, lastActivity)),
  };
}

export function reminderCard(kind: keyof typeof TEMPLATE, lead: LoadedLead, timer: Timer, now: Date): Card {
  return renderCard(TEMPLATE[kind], { lead: leadVars(lead, timer.deadline, now) });
}

/** The notice to a former owner after a release or an expiry (B's `notify` kinds released/expired). */
export function closedCard(kind: 'released' | 'expired', lead: LoadedLead, deadline: Date, now: Date): Card {
  return renderCard(kind === 'released' ? 'reminder-released' : 'reminder-expired', {
    lead: leadVars(lead, deadline, now),
    cooldownDays: lead.policy.reclaimCooldownDays,
  });
}
