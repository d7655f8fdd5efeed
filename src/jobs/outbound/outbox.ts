import type { Outbox, OutboundMessage, PlatformName } from '../../core/bot/types.js';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { log } from '../../log.js';
import { sendsTotal } from '../../metrics.js';
import { targetOf, toStored } from './payload.js';
import type { OutboundQueues } from './queues.js';

/**
 * The Outbox: every message is first a row (its dedupeKey unique, so the same notification is
 * stored once however often it is asked for), then a queue job named by the row id. If Redis is
 * down the row simply stays pending; `requeuePending` picks it up when Redis is back.
 */
export function createOutbox(db: Db, queues: OutboundQueues, queueTimeoutMs = 2_000): Outbox {
  return {
    async enqueue(platform: PlatformName, tenantKey: string, messages: OutboundMessage[]): Promise<void> {
      const ids = await storeMessages(db, platform, tenantKey, messages);
      if (ids.length === 0) return;
      // While Redis is away BullMQ holds commands until it reconnects; the caller (a chat reply)
      // must not wait for that. The row is stored, so a late or lost add costs nothing.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), queueTimeoutMs);
      });
      const adding = queues.add(platform, ids).then(
        () => 'added' as const,
        (err: unknown) => {
          log.warn({ err, platform, count: ids.length }, 'outbound queue unavailable; rows stay pending for the sweep');
          return 'failed' as const;
        },
      );
      const result = await Promise.race([adding, timedOut]);
      if (timer) clearTimeout(timer);
      if (result === 'timeout') log.warn({ platform, count: ids.length }, 'outbound queue slow; rows stay pending for the sweep');
    },
  };
}

/** Stores the messages not stored before (by dedupeKey) and returns the new rows' ids. */
export async function storeMessages(db: Db, platform: PlatformName, tenantKey: string, messages: readonly OutboundMessage[]): Promise<string[]> {
  const unique = new Map<string, OutboundMessage>();
  for (const m of messages) if (!unique.has(m.dedupeKey)) unique.set(m.dedupeKey, m);
  if (unique.size === 0) return [];
  const org = await db.org.findUnique({ where: { platform_tenantKey: { platform, tenantKey } }, select: { id: true } });
  const rows = await db.outboundMessage.createManyAndReturn({
    data: [...unique.values()].map((m) => ({
      platform,
      dedupeKey: m.dedupeKey,
      orgId: org?.id ?? null,
      target: targetOf(m.to),
      // The stored payload is plain JSON of the validated message shape.
      payload: toStored(tenantKey, m) as unknown as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  const skipped = messages.length - rows.length;
  if (skipped > 0) sendsTotal.inc({ platform, outcome: 'duplicate' }, skipped);
  return rows.map((r) => r.id);
}

/** Re-queues rows left pending (Redis was down, or flushed). Job ids are row ids, so a row already queued is not doubled. */
export async function requeuePending(db: Db, queues: OutboundQueues, now: Date, olderThanMs = 30_000, batch = 1_000): Promise<number> {
  const rows = await db.outboundMessage.findMany({
    where: { status: 'pending', createdAt: { lt: new Date(now.getTime() - olderThanMs) } },
    select: { id: true, platform: true },
    orderBy: { createdAt: 'asc' },
    take: batch,
  });
  const byPlatform = new Map<PlatformName, string[]>();
  for (const r of rows) byPlatform.set(r.platform, [...(byPlatform.get(r.platform) ?? []), r.id]);
  for (const [platform, ids] of byPlatform) await queues.add(platform, ids);
  return rows.length;
}
