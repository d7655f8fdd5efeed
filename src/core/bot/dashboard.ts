import { label, renderCard, text } from '../../cards/render.js';
import { scopeOf } from '../dashboard/filters.js';
import { issueLink, LINK_TTL_MS } from '../dashboard/signIn.js';
import { toast, type Ctx, type Reply } from './context.js';
import type { ActionResponse, OutboundMessage } from './types.js';

/**
 * `看板` (and the button on manager digests): a card with a one-time link that signs this member
 * in. The link is the member's own, so it is never posted in a group chat: there the card goes
 * to the member privately and the group reads a short line.
 */
async function linkCard(ctx: Ctx, base: string) {
  const { token } = await issueLink(ctx.db, ctx.member.id, ctx.now);
  const url = `${base.replace(/\/+$/, '')}/dashboard/signin?t=${encodeURIComponent(token)}`;
  return renderCard('dashboard-link', { url, minutes: LINK_TTL_MS / 60_000, scopeLabel: label('dashboardScope', scopeOf(ctx.member).kind) });
}

function privately(ctx: Ctx, card: Awaited<ReturnType<typeof linkCard>>, dedupeKey: string): OutboundMessage {
  return { to: { kind: 'user', userId: ctx.member.platformUserId }, card, dedupeKey };
}

export async function dashboardReply(ctx: Ctx, dedupeKey: string): Promise<Reply> {
  const base = ctx.dashboardUrl?.();
  if (!base) return { text: text('reply.dashboardUnavailable') };
  const card = await linkCard(ctx, base);
  if (ctx.inGroup) return { text: text('reply.dashboardSentPrivately'), others: [privately(ctx, card, dedupeKey)] };
  return { card };
}

export async function dashboardAction(ctx: Ctx): Promise<ActionResponse> {
  const base = ctx.dashboardUrl?.();
  if (!base) return toast('warning', text('reply.dashboardUnavailable'));
  const card = await linkCard(ctx, base);
  // Each click is its own link, so its own message.
  return toast('success', text('toast.dashboardSent'), { effects: [privately(ctx, card, `dashboard:${ctx.member.id}:${ctx.now.getTime()}`)] });
}
