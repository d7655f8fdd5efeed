import { formatDate } from '../../cards/format.js';
import { label, renderCard, text } from '../../cards/render.js';
import { eraseCustomer } from '../leads/erase.js';
import { handoverLeads } from '../leads/handover.js';
import { lookupLeads } from '../leads/lookup.js';
import type { Role } from '../leads/types.js';
import { setRole, setTeamGroupChat } from '../org/admin.js';
import { listMembers } from '../org/queries.js';
import type { MemberInfo } from '../org/types.js';
import { maskPhone } from '../phone.js';
import { toast, type Ctx, type Reply } from './context.js';
import { errorCard } from './errors.js';
import { toMembers } from './notices.js';
import type { ActionResponse } from './types.js';
import { leadVars } from './views.js';

const LISTED = 10;

/** A member named in a command: by name or platform user id, within the sender's org. */
async function findMember(ctx: Ctx, name: string): Promise<{ ok: true; member: MemberInfo } | { ok: false; reply: Reply }> {
  const members = (await listMembers(ctx.db, ctx.org.id)).filter((m) => m.active && (m.name === name || m.platformUserId === name));
  if (members.length === 1 && members[0]) return { ok: true, member: members[0] };
  return { ok: false, reply: { text: text(members.length === 0 ? 'reply.memberNotFound' : 'reply.memberAmbiguous', { name }) } };
}

/** 设为经理 @name */
export async function setRoleCommand(ctx: Ctx, target: string, role: Role): Promise<Reply> {
  const found = await findMember(ctx, target);
  if (!found.ok) return found.reply;
  const r = await setRole(ctx.db, { actorId: ctx.member.id, memberId: found.member.id, role }, ctx.now);
  if (r.ok) return { text: text('reply.roleSet', { name: r.value.name, role: label('role', role) }) };
  return { text: text(r.reason === 'not_admin' ? 'reply.adminOnly' : 'reply.memberNotFound', { name: target }) };
}

/** 设置群: this group chat becomes the team's (rulings and team digests go here). */
export async function bindGroupCommand(ctx: Ctx): Promise<Reply> {
  if (!ctx.inGroup || !ctx.chatId) return { text: text('reply.groupOnly') };
  if (!ctx.team) return { text: text('reply.noTeam') };
  const r = await setTeamGroupChat(ctx.db, { actorId: ctx.member.id, teamId: ctx.team.id, groupChatId: ctx.chatId }, ctx.now);
  if (r.ok) return { text: text('reply.groupBound', { team: r.value.name }) };
  return { text: text('reply.managerOnly') };
}

/** 交接 张三 给 李四 / 交接 张三 到公海 */
export async function handoverCommand(ctx: Ctx, fromName: string, toName: string | null, stamp: string): Promise<Reply> {
  const from = await findMember(ctx, fromName);
  if (!from.ok) return from.reply;
  const to = toName === null ? null : await findMember(ctx, toName);
  if (to && !to.ok) return to.reply;
  const r = await handoverLeads(ctx.db, { actorId: ctx.member.id, fromMemberId: from.member.id, toMemberId: to ? to.member.id : null }, ctx.now);
  if (!r.ok) {
    if (r.reason === 'not_admin') return { text: text('reply.adminOnly') };
    if (r.reason === 'same_member') return { text: text('reply.usage.handover') };
    return { text: text('reply.memberNotFound', { name: fromName }) };
  }
  for (const id of r.moved) ctx.changed.add(id);
  // Only names and phones for the listing: the moved leads are plain rows here, not rule input.
  const rows = await ctx.db.lead.findMany({ where: { id: { in: r.moved.slice(0, LISTED) } }, select: { id: true, name: true, phone: true } });
  const listed = rows.map((l) => ({ name: l.name, phone: l.phone, maskedPhone: maskPhone(l.phone) }));
  const common = { from: r.from.name, to: r.to?.name ?? '', count: r.moved.length, more: r.moved.length > LISTED };
  const card = renderCard('handover-done', { ...common, toPool: r.to === null, leads: listed });
  const notices = [];
  if (r.to && r.moved.length > 0) {
    notices.push({ memberId: r.to.id, dedupeKey: `handover:${stamp}:in`, card: renderCard('handover-notice', { ...common, by: ctx.member.name, leads: listed }) });
  }
  if (r.moved.length > 0) {
    const vars = { by: ctx.member.name, count: r.moved.length, to: r.to?.name ?? text('formats.pool') };
    notices.push({
      memberId: r.from.id,
      dedupeKey: `handover:${stamp}:out`,
      card: renderCard('notice', { title: text('notice.handoverOut.title', vars), message: text('notice.handoverOut.message', vars), color: 'grey' }),
    });
  }
  return { card, others: await toMembers(ctx.db, notices) };
}

/** 删除客户 <phone>: admins only, and only after the confirm button. */
export async function eraseCommand(ctx: Ctx, query: string): Promise<Reply> {
  if (ctx.member.role !== 'admin') return { text: text('reply.adminOnly') };
  const r = await lookupLeads(ctx.db, { actorId: ctx.member.id, query, limit: 2 }, ctx.now);
  if (!r.ok || r.leads.length === 0) return { card: errorCard('notFound', { query }) };
  const lead = r.leads[0];
  if (r.leads.length > 1 || !lead) return { text: text('reply.usage.erase') };
  return { card: renderCard('erase-confirm', { lead: leadVars(lead, { timeZone: ctx.timeZone, now: ctx.now }) }) };
}

export async function eraseAction(ctx: Ctx, leadId: string): Promise<ActionResponse> {
  const before = await ctx.db.lead.findUnique({ where: { id: leadId }, select: { phone: true } });
  const r = await eraseCustomer(ctx.db, { actorId: ctx.member.id, leadId }, ctx.now);
  if (r.ok) {
    ctx.changed.add(r.leadId);
    const card = renderCard('erase-done', {
      maskedPhone: before ? maskPhone(before.phone) : '',
      by: ctx.member.name,
      at: formatDate(r.erasedAt, ctx.timeZone, 'dateTime'),
    });
    return { card, toast: { kind: 'success', text: text('toast.erased') }, effects: [] };
  }
  switch (r.reason) {
    case 'not_admin':
    case 'unknown_member':
      return toast('error', text('reply.adminOnly'));
    case 'already_erased':
      return toast('info', text('toast.erased'));
    case 'not_found':
      return toast('error', text('toast.notFound'));
  }
}
