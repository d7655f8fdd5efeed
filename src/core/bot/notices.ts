import type { Card } from '../../cards/model.js';
import { renderCard, text } from '../../cards/render.js';
import type { Db } from '../../db/client.js';
import type { LeadView, Notify } from '../leads/types.js';
import type { Ctx } from './context.js';
import type { OutboundMessage } from './types.js';
import { leadVars } from './views.js';

export interface MemberCard {
  memberId: string;
  card: Card;
  dedupeKey: string;
}

/** Private cards to members, addressed by their platform user id (members we cannot find are skipped). */
export async function toMembers(db: Db, cards: readonly MemberCard[]): Promise<OutboundMessage[]> {
  if (cards.length === 0) return [];
  const members = await db.member.findMany({
    where: { id: { in: [...new Set(cards.map((c) => c.memberId))] } },
    select: { id: true, platformUserId: true },
  });
  const userIds = new Map(members.map((m) => [m.id, m.platformUserId]));
  return cards.flatMap((c) => {
    const userId = userIds.get(c.memberId);
    return userId ? [{ to: { kind: 'user' as const, userId }, card: c.card, dedupeKey: c.dedupeKey }] : [];
  });
}

type NoticeKey = 'lateReport' | 'phoneIn' | 'assigned' | 'claimed';

const NOTICE_OF: Partial<Record<Notify['kind'], { key: NoticeKey; color: string; fullPhone: boolean }>> = {
  late_report: { key: 'lateReport', color: 'orange', fullPhone: true },
  phone_in_unattributed: { key: 'phoneIn', color: 'grey', fullPhone: false },
  assigned: { key: 'assigned', color: 'blue', fullPhone: true },
  claimed: { key: 'claimed', color: 'grey', fullPhone: false },
};

/**
 * The notices a registration or a claim asks for (`notify` of the rules), as private cards.
 * `stamp` makes the dedupe key of this event: a reprocessed message yields the same keys.
 */
export async function leadNotices(ctx: Ctx, lead: LeadView, notify: readonly Notify[], stamp: string): Promise<OutboundMessage[]> {
  const cards: MemberCard[] = [];
  for (const n of notify) {
    const spec = NOTICE_OF[n.kind];
    if (!spec) continue;
    const vars = { lead: lead.name, rep: ctx.member.name, hours: ctx.policy.reportWindowHours };
    const shown = leadVars(lead, { timeZone: ctx.timeZone, now: ctx.now });
    // The rules' view is the actor's; a manager may see the full phone, a former owner may not.
    if (!spec.fullPhone) shown.phone = lead.maskedPhone;
    cards.push({
      memberId: n.memberId,
      dedupeKey: `notice:${n.kind}:${n.leadId}:${n.memberId}:${stamp}`,
      card: renderCard('notice', {
        title: text(`notice.${spec.key}.title`, vars),
        message: text(`notice.${spec.key}.message`, vars),
        color: spec.color,
        lead: shown,
        followUpLeadId: n.kind === 'assigned' ? lead.id : '',
      }),
    });
  }
  return toMembers(ctx.db, cards);
}
