import { formatDate } from '../../cards/format.js';
import { renderCard, text } from '../../cards/render.js';
import { claimFromPool } from '../leads/pool.js';
import { toast, type Ctx } from './context.js';
import { poolCard } from './lists.js';
import { leadNotices, toMembers } from './notices.js';
import type { ActionResponse } from './types.js';
import { leadVars } from './views.js';

/**
 * 领取 on a pool listing. The listing (maybe in a group chat) is refreshed for the clicker; the
 * claimed lead, with its full phone, goes to the claimant privately.
 */
export async function claimAction(ctx: Ctx, v: { leadId: string; page: number }): Promise<ActionResponse> {
  const r = await claimFromPool(ctx.db, { actorId: ctx.member.id, leadId: v.leadId }, ctx.now);
  const list = async (): Promise<ActionResponse['card']> => poolCard(ctx, v.page);
  if (r.ok) {
    ctx.changed.add(r.lead.id);
    const stamp = `claim:${r.lead.id}:${(r.lead.claimedAt ?? ctx.now).getTime()}`;
    const mine = leadVars(r.lead, { timeZone: ctx.timeZone, now: ctx.now, viewerId: ctx.member.id });
    const effects = [
      ...(await toMembers(ctx.db, [{ memberId: ctx.member.id, card: renderCard('claim-result', { lead: mine }), dedupeKey: stamp }])),
      ...(await leadNotices(ctx, r.lead, r.notify, stamp)),
    ];
    return { card: await list(), toast: { kind: 'success', text: text('toast.claimed') }, effects };
  }
  switch (r.reason) {
    case 'taken':
      return toast('warning', text('toast.claimTaken', { by: r.owner?.name ?? text('formats.none') }), { card: await list() });
    case 'claim_limit':
      return toast('warning', text('toast.claimLimit', { used: r.used, limit: r.limit }));
    case 'cooldown':
      return toast('warning', text('toast.claimCooldown', { until: formatDate(r.until, ctx.timeZone, 'dateTime') }));
    case 'not_found':
      return toast('warning', text('toast.notInPool'), { card: await list() });
    case 'other_team':
    case 'unknown_member':
      return toast('error', text('toast.noPermission'));
  }
}
