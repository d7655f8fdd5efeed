import type { Card } from '../../cards/model.js';
import { formatDate } from '../../cards/format.js';
import { label, renderCard, text } from '../../cards/render.js';
import { applyForRuling, decideDispute, getDispute, requestExtension } from '../leads/disputes.js';
import { getLead } from '../leads/lookup.js';
import type { Decision, DisputeView, LeadRef, MemberRef } from '../leads/types.js';
import { teamManagers } from '../org/queries.js';
import { rulingSeat } from './capabilities.js';
import { toast, type Ctx, type Reply } from './context.js';
import { errorCard } from './errors.js';
import { leadRefusalCard, refName } from './leadCommands.js';
import { toMembers } from './notices.js';
import type { ActionResponse, OutboundMessage } from './types.js';
import { leadVars, sideVars } from './views.js';

/**
 * The manager-only card flow of issue 6: a collision's ruling and an owner's extension request
 * are both disputes, posted once to the team group chat (dedupeKey `ruling:<id>`) and updated in
 * place after the decision (updateKey `ruling:<id>`). Without a group chat, or where the
 * platform's group cards cannot be clicked (capabilities.ts), the card goes to each manager
 * privately, keyed per manager, and such a group only reads a summary.
 */
const postKey = (disputeId: string): string => `ruling:${disputeId}`;
const managerKey = (disputeId: string, managerId: string): string => `ruling:${disputeId}:to:${managerId}`;

/**
 * The dispute's card as everyone in the group sees it: masked phones, buttons only while pending.
 * A `summary` is for a group whose cards cannot be clicked: no buttons, it says where managers rule.
 */
export function disputeCard(ctx: Ctx, d: DisputeView, opts: { summary?: boolean } = {}): Card {
  const tz = ctx.timeZone;
  const open = d.status === 'pending';
  // `pending` shows the buttons and their hint; a summary shows where the buttons went instead.
  const pending = open && !opts.summary;
  const privately = open && opts.summary === true;
  const lead = leadVars(d.lead, { timeZone: tz, now: ctx.now, forceMask: true });
  const outcome =
    d.status === 'pending'
      ? null
      : {
          label: label('decision', d.status),
          by: d.decidedBy?.name ?? text('formats.none'),
          at: formatDate(d.decidedAt, tz, 'dateTime'),
          owner: d.lead.owner?.name ?? text('formats.none'),
        };
  if (d.kind === 'extension') {
    return renderCard('extension-request', {
      disputeId: d.id,
      lead,
      applicant: d.applicant.name,
      appliedAt: formatDate(d.appliedAt, tz, 'dateTime'),
      days: d.extensionDays ?? ctx.policy.defaultExtensionDays,
      reason: d.reason ?? '',
      pending,
      privately,
      outcome,
    });
  }
  return renderCard('ruling', {
    disputeId: d.id,
    lead,
    appliedAt: formatDate(d.appliedAt, tz, 'dateTime'),
    owner: sideVars(d.sides.owner, tz),
    applicant: { ...sideVars(d.sides.applicant, tz), reason: d.reason ?? '' },
    milestoneDeadline: lead.milestoneDeadline,
    pending,
    privately,
    canExtend: lead.milestoneDeadline !== '',
    extensionDays: ctx.policy.defaultExtensionDays,
    outcome,
  });
}

/** Posts a new dispute's card where managers will act on it (and a summary where they cannot). */
async function postDispute(ctx: Ctx, d: DisputeView, managers: readonly MemberRef[]): Promise<OutboundMessage[]> {
  const inGroup = rulingSeat(ctx.platform, d.groupChatId) === 'group';
  const group: OutboundMessage[] = d.groupChatId
    ? [{ to: { kind: 'chat', chatId: d.groupChatId }, card: disputeCard(ctx, d, { summary: !inGroup }), dedupeKey: postKey(d.id) }]
    : [];
  if (inGroup) return group;
  const card = disputeCard(ctx, d);
  return [...group, ...(await toMembers(ctx.db, managers.map((m) => ({ memberId: m.id, card, dedupeKey: managerKey(d.id, m.id) }))))];
}

/** Updates every clickable copy of a decided dispute's card in place. */
async function updateDispute(ctx: Ctx, d: DisputeView, card: Card): Promise<OutboundMessage[]> {
  if (d.groupChatId && rulingSeat(ctx.platform, d.groupChatId) === 'group') {
    return [{ to: { kind: 'chat', chatId: d.groupChatId }, card, dedupeKey: `${postKey(d.id)}:decided`, updateKey: postKey(d.id) }];
  }
  const managers = await teamManagers(ctx.db, d.teamId);
  const sends = await toMembers(ctx.db, managers.map((m) => ({ memberId: m.id, card, dedupeKey: `${managerKey(d.id, m.id)}:decided` })));
  const copies = sends.map((s, i) => ({ ...s, updateKey: managerKey(d.id, managers[i]?.id ?? '') }));
  // The group's summary cannot be updated: the outcome is posted under it.
  const group: OutboundMessage[] = d.groupChatId ? [{ to: { kind: 'chat', chatId: d.groupChatId }, card, dedupeKey: `${postKey(d.id)}:decided` }] : [];
  return [...group, ...copies];
}

function collisionAfterApply(ctx: Ctx, d: DisputeView, sentAt: string, source: string): Card {
  return renderCard('collision', {
    rulingInGroup: rulingSeat(ctx.platform, d.groupChatId) === 'group',
    lead: { id: d.leadId, maskedPhone: d.lead.maskedPhone, status: label('status', d.lead.status) },
    owner: d.owner?.name ?? text('formats.none'),
    since: formatDate(d.sides.owner.registeredAt, ctx.timeZone, 'dateTime'),
    sentAt,
    source,
    applied: true,
    appliedAt: formatDate(d.appliedAt, ctx.timeZone, 'dateTime'),
  });
}

/** 申请裁决 on a collision card. */
export async function applyAction(ctx: Ctx, v: { leadId: string; sentAt?: string | undefined; source?: string | undefined }): Promise<ActionResponse> {
  const sentAt = v.sentAt ? new Date(v.sentAt) : null;
  const r = await applyForRuling(
    ctx.db,
    { actorId: ctx.member.id, lead: { leadId: v.leadId }, facts: { sentAt, source: v.source || null } },
    ctx.now,
  );
  if (r.ok) {
    const effects = await postDispute(ctx, r.dispute, r.managers);
    const toastText = rulingSeat(ctx.platform, r.dispute.groupChatId) === 'group' ? text('toast.applied') : text('toast.appliedPrivately');
    return { card: collisionAfterApply(ctx, r.dispute, v.sentAt ?? '', v.source ?? ''), toast: { kind: 'success', text: toastText }, effects };
  }
  switch (r.reason) {
    case 'already_pending':
      return toast('info', text('toast.alreadyApplied'), { card: collisionAfterApply(ctx, r.dispute, v.sentAt ?? '', v.source ?? '') });
    case 'own_lead':
      return toast('info', text('toast.ownLead'));
    case 'not_owned':
      return toast('info', text('toast.notOwned', { status: label('status', r.status) }));
    case 'not_found':
    case 'ambiguous':
      return toast('error', text('toast.notFound'));
    case 'unknown_member':
      return toast('error', text('toast.noPermission'));
  }
}

function outcomeText(status: DisputeView['status']): string {
  return label('decision', status);
}

/** A private card to each rep of a decided dispute. */
async function decisionNotices(ctx: Ctx, d: DisputeView, newOwnerId: string | null): Promise<OutboundMessage[]> {
  const decidedBy = d.decidedBy?.name ?? text('formats.none');
  const decidedAt = formatDate(d.decidedAt, ctx.timeZone, 'dateTime');
  const people = d.kind === 'extension' ? [d.applicant] : [d.applicant, ...(d.owner ? [d.owner] : [])];
  const cards = [];
  for (const person of people) {
    // Each rep sees the lead as they may: the winner with the full phone, the other masked.
    const seen = await getLead(ctx.db, { actorId: person.id, leadId: d.leadId }, ctx.now);
    const lead = leadVars(seen.ok ? seen.lead : d.lead, { timeZone: ctx.timeZone, now: ctx.now, viewerId: person.id });
    // Deadlines concern whoever works the lead now; the other side only needs the outcome.
    if (lead.mine !== true) Object.assign(lead, { protectionUntil: '', milestoneDeadline: '' });
    const card =
      d.kind === 'extension'
        ? renderCard('extension-notice', {
            lead,
            decidedBy,
            approved: d.status === 'extended',
            days: d.extensionDays ?? ctx.policy.defaultExtensionDays,
            color: d.status === 'extended' ? 'green' : 'grey',
          })
        : renderCard('ruling-notice', {
            lead,
            decidedBy,
            decidedAt,
            outcome: outcomeText(d.status),
            owner: d.lead.owner?.name ?? text('formats.none'),
            youWin: person.id === (newOwnerId ?? d.lead.owner?.id),
            color: person.id === (newOwnerId ?? d.lead.owner?.id) ? 'green' : 'grey',
          });
    cards.push({ memberId: person.id, card, dedupeKey: `${postKey(d.id)}:notice:${person.id}` });
  }
  return toMembers(ctx.db, cards);
}

/** A manager's click on a ruling or extension card. */
export async function decideAction(ctx: Ctx, v: { disputeId: string; decision: Decision }): Promise<ActionResponse> {
  const r = await decideDispute(ctx.db, { actorId: ctx.member.id, disputeId: v.disputeId, decision: v.decision }, ctx.now);
  if (r.ok) {
    ctx.changed.add(r.dispute.leadId);
    const card = disputeCard(ctx, r.dispute);
    const effects = [...(await updateDispute(ctx, r.dispute, card)), ...(await decisionNotices(ctx, r.dispute, r.newOwnerId))];
    return { card, toast: { kind: 'success', text: text('toast.decided', { outcome: outcomeText(r.dispute.status) }) }, effects };
  }
  switch (r.reason) {
    case 'not_manager':
      return toast('error', text('toast.notManager'));
    case 'already_decided': {
      // A stale card (second click, another manager first): show who decided and refresh it.
      const current = await getDispute(ctx.db, v.disputeId);
      const msg = text('toast.alreadyDecided', {
        by: r.decidedBy?.name ?? text('formats.none'),
        at: formatDate(r.decidedAt, ctx.timeZone, 'dateTime'),
        outcome: outcomeText(r.status),
      });
      return toast('info', msg, current ? { card: disputeCard(ctx, current) } : {});
    }
    case 'invalid_decision':
      return toast('error', text('toast.invalidDecision'));
    case 'not_found':
      return toast('error', text('toast.invalidAction'));
    case 'unknown_member':
      return toast('error', text('toast.noPermission'));
  }
}

/** An owner asks for more time (text 申请延期 <lead>, or the button on a follow-up card). */
export async function extensionRequest(ctx: Ctx, ref: LeadRef, reason: string | null): Promise<Reply> {
  const r = await requestExtension(ctx.db, { actorId: ctx.member.id, lead: ref, reason }, ctx.now);
  if (r.ok) {
    const key = rulingSeat(ctx.platform, r.dispute.groupChatId) === 'group' ? 'reply.extensionRequested' : 'reply.extensionRequestedPrivately';
    return { text: text(key, { name: r.dispute.lead.name }), others: await postDispute(ctx, r.dispute, r.managers) };
  }
  switch (r.reason) {
    case 'already_pending':
      return { text: text('reply.extensionPending', { name: r.dispute.lead.name }) };
    case 'nothing_to_extend':
      return { card: errorCard('nothingToExtend', { name: refName(ref) }) };
    default:
      return { card: leadRefusalCard(ctx, r, refName(ref), null) };
  }
}
