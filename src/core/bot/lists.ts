import type { Card } from '../../cards/model.js';
import { formatDate } from '../../cards/format.js';
import { label, renderCard } from '../../cards/render.js';
import { lookupLeads } from '../leads/lookup.js';
import { listMyLeads } from '../leads/mine.js';
import { listPool } from '../leads/pool.js';
import { quotaStatus } from '../leads/quota.js';
import { maskPhone, normalizePhone } from '../phone.js';
import type { Ctx } from './context.js';
import { viewOf } from './context.js';
import { errorCard } from './errors.js';
import { leadVars } from './views.js';

export const MY_PAGE_SIZE = 10;
export const POOL_PAGE_SIZE = 5;

function pager(page: number, pages: number): { page: number; pages: number; prevPage: number | null; nextPage: number | null; hasPager: boolean } {
  return { page, pages, prevPage: page > 1 ? page - 1 : null, nextPage: page < pages ? page + 1 : null, hasPager: pages > 1 };
}

/** 查 <name|phone>: what this member may see of the matching leads. */
export async function queryCard(ctx: Ctx, query: string): Promise<Card> {
  const r = await lookupLeads(ctx.db, { actorId: ctx.member.id, query, limit: 10 }, ctx.now);
  if (!r.ok) return errorCard('noTeam');
  if (r.leads.length === 0) return errorCard('notFound', { query });
  const view = viewOf(ctx);
  const leads = r.leads.map((l) => leadVars(l, view));
  const asPhone = normalizePhone(query);
  return renderCard('query-result', {
    // The title echoes the question; a phone is echoed masked like the results below it.
    query: asPhone ? maskPhone(asPhone) : query,
    count: r.total,
    leads,
    masked: ctx.inGroup || r.leads.some((l) => !l.phoneVisible),
  });
}

/**
 * 我的客户, one page at a time. The rules list the first N leads (overdue first); the page is the
 * tail of the first page × size.
 */
export async function mineCard(ctx: Ctx, page: number): Promise<Card> {
  const want = Math.max(1, page);
  const r = await listMyLeads(ctx.db, { actorId: ctx.member.id, limit: want * MY_PAGE_SIZE }, ctx.now);
  if (!r.ok) return errorCard('noTeam');
  const pages = Math.max(1, Math.ceil(r.total / MY_PAGE_SIZE));
  const current = Math.min(want, pages);
  const view = viewOf(ctx);
  const slice = r.leads.slice((current - 1) * MY_PAGE_SIZE, current * MY_PAGE_SIZE);
  const quota = await quotaStatus(ctx.db, ctx.member.id, ctx.now);
  return renderCard('my-leads', {
    total: r.total,
    overdueCount: r.overdue,
    leads: slice.map((l) => ({ ...leadVars(l, view), overdue: l.overdue })),
    quota: quota.exempt || quota.quota === null ? null : { used: quota.used, limit: quota.quota },
    ...pager(current, pages),
  });
}

/** 公海 [page]: released and expired leads of the team, phones masked, with claim buttons. */
export async function poolCard(ctx: Ctx, page: number): Promise<Card> {
  const r = await listPool(ctx.db, { actorId: ctx.member.id, page: Math.max(1, page), pageSize: POOL_PAGE_SIZE }, ctx.now);
  if (!r.ok) return errorCard('noTeam');
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  return renderCard('pool-list', {
    total: r.total,
    claimsLeft: Math.max(0, r.claimsPerDay - r.claimsToday),
    leads: r.items.map((i) => ({
      id: i.leadId,
      name: i.name,
      maskedPhone: i.maskedPhone,
      level: label('level', i.level),
      product: i.product ?? '',
      address: i.address ?? '',
      releasedAt: formatDate(i.releasedAt, ctx.timeZone, 'dateTime'),
      releaseReason: label('releaseReason', i.releaseReason ?? i.status),
    })),
    ...pager(Math.min(r.page, pages), pages),
  });
}
