import type { Db } from '../../db/client.js';
import type { IncomingMessage, PlatformName } from '../../core/bot/types.js';
import { Prisma } from '../../generated/prisma/client.js';
import { enqueueInbound } from './enqueue.js';
import { toStored } from './payload.js';
import type { InboundQueue } from './queue.js';

export interface InboundInput {
  platform: PlatformName;
  /**
   * What makes two callbacks the same event. Adapters use the platform's message id
   * (Feishu message_id, WeCom MsgId), so a redelivery under the same event id and the same
   * message delivered twice under different event ids both collapse into one row.
   */
  eventKey: string;
  payload: IncomingMessage;
}

export type RecordOutcome =
  | { status: 'stored'; id: string; enqueued: boolean }
  | { status: 'duplicate'; id: string; enqueued: boolean };

export interface RecordOptions {
  /** How long the webhook may wait on Redis before answering anyway. */
  enqueueTimeoutMs?: number;
}

/**
 * Store first, then enqueue: once the row exists the event cannot be lost, so the caller may
 * acknowledge even if Redis is down (startInboundRepair enqueues it later).
 */
export async function recordInbound(db: Db, queue: InboundQueue, input: InboundInput, opts: RecordOptions = {}): Promise<RecordOutcome> {
  const timeoutMs = opts.enqueueTimeoutMs ?? 1000;
  try {
    const row = await db.inboundEvent.create({
      data: { platform: input.platform, eventKey: input.eventKey, payload: toStored(input.payload) },
      select: { id: true },
    });
    return { status: 'stored', id: row.id, enqueued: await enqueueInbound(queue, row.id, timeoutMs) };
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== 'P2002') throw err;
    const existing = await db.inboundEvent.findUniqueOrThrow({
      where: { platform_eventKey: { platform: input.platform, eventKey: input.eventKey } },
      select: { id: true, status: true },
    });
    // A redelivery of something still waiting is a free chance to enqueue it (no-op if queued).
    const enqueued = existing.status === 'pending' ? await enqueueInbound(queue, existing.id, timeoutMs) : false;
    return { status: 'duplicate', id: existing.id, enqueued };
  }
}
