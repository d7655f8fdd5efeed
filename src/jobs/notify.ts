import type { Card } from '../cards/model.js';
import type { Outbox, PlatformName } from '../core/bot/types.js';
import type { Db } from '../db/client.js';

export interface MemberNotice {
  memberId: string;
  card: Card;
  dedupeKey: string;
}

/** Sends cards to members privately, addressed on their org's platform. */
export async function notifyMembers(db: Db, outbox: Outbox, notices: readonly MemberNotice[]): Promise<void> {
  if (notices.length === 0) return;
  const members = await db.member.findMany({
    where: { id: { in: [...new Set(notices.map((n) => n.memberId))] } },
    select: { id: true, platformUserId: true, org: { select: { platform: true, tenantKey: true } } },
  });
  const byId = new Map(members.map((m) => [m.id, m]));
  const groups = new Map<string, { platform: PlatformName; tenantKey: string; notices: { userId: string; n: MemberNotice }[] }>();
  for (const n of notices) {
    const m = byId.get(n.memberId);
    if (!m) continue;
    const key = `${m.org.platform}\u0000${m.org.tenantKey}`;
    const g = groups.get(key) ?? { platform: m.org.platform, tenantKey: m.org.tenantKey, notices: [] };
    g.notices.push({ userId: m.platformUserId, n });
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    await outbox.enqueue(
      g.platform,
      g.tenantKey,
      g.notices.map(({ userId, n }) => ({ to: { kind: 'user', userId }, card: n.card, dedupeKey: n.dedupeKey })),
    );
  }
}
