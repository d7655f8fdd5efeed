import type { PlatformName } from '../../core/bot/types.js';
import type { Db } from '../../db/client.js';
import { PlatformError, type PlatformClient } from '../../platforms/types.js';
import { storedPayloadSchema, type StoredPayload } from './payload.js';

export type DeliverOutcome =
  | { kind: 'skipped'; why: 'missing' | 'not_pending' }
  | { kind: 'sent' | 'updated'; messageId: string }
  | { kind: 'retry'; error: Error; retryAfterMs?: number }
  | { kind: 'failed'; error: string };

/**
 * Sends one stored message. The row is the truth: a row already sent (a replayed job) is
 * skipped, a card with `updateKey` replaces the card stored under that key, and every attempt
 * is counted on the row with its last error.
 */
export async function deliverRow(
  db: Db,
  clients: Partial<Record<PlatformName, PlatformClient>>,
  rowId: string,
  finalAttempt: boolean,
  now: Date,
): Promise<DeliverOutcome> {
  const row = await db.outboundMessage.findUnique({ where: { id: rowId } });
  if (!row) return { kind: 'skipped', why: 'missing' };
  if (row.status !== 'pending') return { kind: 'skipped', why: 'not_pending' };
  const client = clients[row.platform];
  if (!client) return fail(db, rowId, `no client for platform ${row.platform}`);
  const parsed = storedPayloadSchema.safeParse(row.payload);
  if (!parsed.success) return fail(db, rowId, `bad payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);

  try {
    const result = await send(db, client, rowId, parsed.data);
    await db.outboundMessage.update({
      where: { id: rowId },
      data: { status: 'sent', sentAt: now, messageId: result.messageId, attempts: { increment: 1 }, lastError: null },
    });
    return result;
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const retryable = !(err instanceof PlatformError) || err.retryable;
    if (!retryable || finalAttempt) return fail(db, rowId, describe(error));
    await db.outboundMessage.update({ where: { id: rowId }, data: { attempts: { increment: 1 }, lastError: describe(error) } });
    return { kind: 'retry', error, ...(err instanceof PlatformError && err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  }
}

async function send(
  db: Db,
  client: PlatformClient,
  rowId: string,
  { tenantKey, message }: StoredPayload,
): Promise<{ kind: 'sent' | 'updated'; messageId: string }> {
  if (message.updateKey && message.card) {
    const earlier = await db.outboundMessage.findUnique({
      where: { dedupeKey: message.updateKey },
      select: { status: true, messageId: true },
    });
    if (earlier?.status === 'pending') {
      // The card to update is still queued: wait for it rather than post a second card.
      throw new PlatformError('the card to update has not been sent yet', true, 2_000, 'earlier_pending');
    }
    if (earlier?.messageId) {
      await client.updateCard(tenantKey, earlier.messageId, message.card);
      return { kind: 'updated', messageId: earlier.messageId };
    }
    // Nothing to update (the first card failed or was never sent): post this one instead.
  }
  const { messageId } = await client.send(tenantKey, message, rowId);
  return { kind: 'sent', messageId };
}

async function fail(db: Db, rowId: string, reason: string): Promise<DeliverOutcome> {
  await db.outboundMessage.update({ where: { id: rowId }, data: { status: 'failed', attempts: { increment: 1 }, lastError: reason } });
  return { kind: 'failed', error: reason };
}

function describe(err: Error): string {
  const code = err instanceof PlatformError && err.code !== undefined ? ` [${String(err.code)}]` : '';
  return `${err.message}${code}`.slice(0, 1_000);
}
