import type { Card } from '../../cards/model.js';
import { formatDate } from '../../cards/format.js';
import { label, renderCard, text } from '../../cards/render.js';
import type { LeadField } from '../policy.js';
import { registerLead } from '../leads/register.js';
import type { RegisterDraft, RegisterInput, RegisterResult } from '../leads/types.js';
import { rulingSeat } from './capabilities.js';
import { viewOf, type Ctx } from './context.js';
import { errorCard } from './errors.js';
import { leadNotices } from './notices.js';
import type { OutboundMessage } from './types.js';
import { draftVars, leadVars } from './views.js';

export interface RegisterOutcome {
  card: Card;
  /** Private notices the registration asks for (late report, named rep, phone-in). */
  others: OutboundMessage[];
  ok: boolean;
}

function missingText(missing: readonly LeadField[], anyOf: readonly (readonly LeadField[])[]): string {
  const name = (f: LeadField): string => text(`fieldNames.${f}`);
  const parts = [...missing.map(name), ...anyOf.map((group) => group.map(name).join(text('formats.orSeparator')))];
  return parts.join(text('formats.listSeparator'));
}

/** The form that completes a registration, pre-filled with what was understood. */
export function registerForm(ctx: Ctx, draft: RegisterDraft, sentAt: Date, missing: string, error = ''): Card {
  return renderCard('register-form', {
    missing,
    error,
    draft: draftVars(draft, ctx.timeZone),
    sentAt: sentAt.toISOString(),
  });
}

/** A registration attempt → the card the rep sees, whatever the rules said. */
export async function register(ctx: Ctx, input: RegisterInput, opts: { fromForm: boolean }): Promise<RegisterOutcome> {
  const result: RegisterResult = await registerLead(ctx.db, input, ctx.now);
  const { actorId: _actor, sentAt, ...draft } = input;
  const refused = (card: Card): RegisterOutcome => ({ card, others: [], ok: false });
  if (result.ok) {
    ctx.changed.add(result.lead.id);
    const lead = leadVars(result.lead, viewOf(ctx));
    const canUndo = result.undoUntil.getTime() > ctx.now.getTime();
    const card = renderCard('register-success', {
      lead,
      canUndo,
      undoMinutes: ctx.policy.undoWindowMinutes,
      undoUntil: formatDate(result.undoUntil, ctx.timeZone, 'time'),
      reportWindowHours: ctx.policy.reportWindowHours,
      duplicates: result.possibleDuplicates.map((d) => ({ name: d.name, phone: d.maskedPhone, owner: d.owner?.name ?? text('formats.none') })),
      toPool: result.attribution === 'pool',
      assignedTo: result.attribution === 'named_rep' ? (result.lead.owner?.name ?? '') : '',
      fromPool: result.fromPool,
    });
    const others = await leadNotices(ctx, result.lead, result.notify, `reg:${result.lead.registeredAt.getTime()}`);
    return { card, others, ok: true };
  }
  switch (result.reason) {
    case 'missing_fields':
      return refused(registerForm(ctx, result.draft, sentAt, missingText(result.missing, result.missingAnyOf)));
    case 'invalid_phone':
      if (opts.fromForm) return refused(registerForm(ctx, draft, sentAt, text('fieldNames.phone'), text('reason.invalidPhone')));
      return refused(renderCard('invalid-phone', { phone: result.raw }));
    case 'owned':
      return refused(
        renderCard('collision', {
          rulingInGroup: rulingSeat(ctx.platform, ctx.team?.groupChatId ?? null) === 'group',
          lead: { id: result.leadId, maskedPhone: result.maskedPhone, status: label('status', result.status) },
          owner: result.owner.name,
          since: formatDate(result.since, ctx.timeZone, 'dateTime'),
          sentAt: sentAt.toISOString(),
          source: input.source ?? '',
        }),
      );
    case 'already_yours':
      return refused(errorCard('alreadyYours', { since: formatDate(result.since, ctx.timeZone, 'dateTime'), phone: result.maskedPhone }));
    case 'won':
      return refused(
        renderCard('already-won', {
          lead: { maskedPhone: result.maskedPhone },
          owner: result.owner?.name ?? text('formats.none'),
          wonAt: formatDate(result.wonAt, ctx.timeZone),
        }),
      );
    case 'quota':
      return refused(renderCard('over-quota', { used: result.used, quota: result.quota, resetsAt: formatDate(result.resetsAt, ctx.timeZone, 'dateTime') }));
    case 'cooldown':
      return refused(errorCard('cooldown', { phone: result.maskedPhone, until: formatDate(result.until, ctx.timeZone, 'dateTime') }));
    case 'unknown_rep':
      return refused(errorCard('unknownRep', { namedRep: result.namedRep }));
    case 'no_team':
    case 'unknown_member':
      return refused(errorCard('noTeam'));
  }
}
