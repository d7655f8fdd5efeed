import { z } from 'zod';
import type { Card } from '../../cards/model.js';
import { label, renderCard, text } from '../../cards/render.js';
import { markLost, markWon } from '../leads/close.js';
import { logFollowUp } from '../leads/followUp.js';
import type { LeadRef, LeadRefRefusal, LeadView } from '../leads/types.js';
import type { Ctx } from './context.js';
import { viewOf } from './context.js';
import { errorCard } from './errors.js';
import { leadVars } from './views.js';

/**
 * A follow-up, won or lost that named a lead ambiguously: carried on the choice buttons so the
 * chosen lead completes the same command. Dates travel as ISO strings.
 */
const isoDate = z.iso.datetime().transform((s) => new Date(s));
const nullableText = z.string().nullable().default(null);

export const pendingSchema = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('followup'),
    at: isoDate,
    method: z.enum(['phone', 'wechat', 'store', 'visit', 'sms', 'other']).nullable().default(null),
    content: nullableText,
    progress: z.number().nullable().default(null),
    level: nullableText,
    nextFollowUpAt: isoDate.nullable().default(null),
    milestone: z.enum(['visit', 'deposit']).nullable().default(null),
  }),
  z.object({ command: z.literal('won'), at: isoDate, content: nullableText }),
  z.object({ command: z.literal('lost'), at: isoDate, reason: z.string() }),
]);

export type Pending = z.infer<typeof pendingSchema>;
/** The same, as it is written into a button's value. */
export type PendingValue = z.input<typeof pendingSchema>;

export function refName(ref: LeadRef): string {
  return 'phone' in ref ? ref.phone : 'name' in ref ? ref.name : '';
}

function ambiguousCard(ctx: Ctx, query: string, candidates: readonly LeadView[], pending: PendingValue): Card {
  const view = viewOf(ctx);
  return renderCard('ambiguous', {
    query,
    count: candidates.length,
    pending,
    choices: candidates.map((c) => {
      const v = leadVars(c, view);
      return { id: c.id, name: c.name, phone: v.phone, status: v.status, detail: c.product ?? c.address ?? v.registeredAt };
    }),
  });
}

/** The card for a refusal shared by every command that names a lead. */
export function leadRefusalCard(ctx: Ctx, refusal: LeadRefRefusal, query: string, pending: PendingValue | null): Card {
  switch (refusal.reason) {
    case 'not_found':
      return errorCard('notFound', { query });
    case 'ambiguous':
      return pending ? ambiguousCard(ctx, query, refusal.candidates, pending) : errorCard('notFound', { query });
    case 'not_yours':
      return errorCard('notYours', { phone: refusal.maskedPhone, owner: refusal.owner?.name ?? text('formats.none') });
    case 'not_open':
      return errorCard('notOpen', { phone: refusal.maskedPhone, status: label('status', refusal.status) });
    case 'unknown_member':
      return errorCard('noTeam');
  }
}

/** WeCom carries a button's whole value in a ≤1024-byte key, so free text rides shortened. */
const CARRIED_TEXT = 120;
const carried = (s: string | null): string | null => (s === null ? null : s.slice(0, CARRIED_TEXT));

function toValue(p: Pending): PendingValue {
  const at = p.at.toISOString();
  switch (p.command) {
    case 'followup':
      return { ...p, at, content: carried(p.content), nextFollowUpAt: p.nextFollowUpAt ? p.nextFollowUpAt.toISOString() : null };
    case 'won':
      return { ...p, at, content: carried(p.content) };
    case 'lost':
      return { ...p, at, reason: carried(p.reason) ?? '' };
  }
}

/** Runs a follow-up, won or lost against the named lead and answers with its card. */
export async function runLeadCommand(ctx: Ctx, ref: LeadRef, pending: Pending): Promise<Card> {
  const view = viewOf(ctx);
  if (pending.command === 'followup') {
    const { command: _c, ...fields } = pending;
    const r = await logFollowUp(ctx.db, { actorId: ctx.member.id, lead: ref, ...fields }, ctx.now);
    if (!r.ok) return leadRefusalCard(ctx, r, refName(ref), toValue(pending));
    ctx.changed.add(r.lead.id);
    const lead = leadVars(r.lead, view);
    return renderCard('followup-logged', {
      lead,
      followUp: {
        method: label('method', pending.method),
        milestone: label('milestone', r.milestoneReached ?? pending.milestone),
        content: pending.content ?? '',
      },
      canExtend: lead.mine === true && lead.milestoneDeadline !== '',
    });
  }
  const r =
    pending.command === 'won'
      ? await markWon(ctx.db, { actorId: ctx.member.id, lead: ref, at: pending.at, content: pending.content }, ctx.now)
      : await markLost(ctx.db, { actorId: ctx.member.id, lead: ref, at: pending.at, reason: pending.reason }, ctx.now);
  if (!r.ok) {
    if (r.reason === 'missing_reason') return errorCard('missingReason', { name: refName(ref) });
    return leadRefusalCard(ctx, r, refName(ref), toValue(pending));
  }
  ctx.changed.add(r.lead.id);
  const lead = leadVars(r.lead, view);
  return pending.command === 'won' ? renderCard('won', { lead, quotaFreed: r.quotaFreed }) : renderCard('lost', { lead });
}
