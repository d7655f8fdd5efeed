import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';

/**
 * Card clicks are answered inline, not queued, yet WeCom retries a callback it did not get an
 * answer to within 5 s. The ledger makes each click run once across every copy of the app: a
 * row in InboundEvent (platform wecom, eventKey `card:…`) claimed before the work and closed
 * after. The row never sits in `pending`, so the inbound repair loop leaves it alone; a click
 * whose work failed may be claimed again by WeCom's next retry.
 *
 * The one place this adapter writes to the database; it is the InboundEvent contract, kept
 * here because the inbound pipeline's recordInbound always queues for the message worker.
 */
export interface ActionLedger {
  /** True when this caller owns the click; false when it is done or in progress elsewhere. */
  claim(eventKey: string, payload: Record<string, string>): Promise<boolean>;
  finish(eventKey: string, outcome: { error?: string }, now: Date): Promise<void>;
}

export function createActionLedger(db: Db): ActionLedger {
  return {
    async claim(eventKey, payload) {
      try {
        await db.inboundEvent.create({ data: { platform: 'wecom', eventKey, payload, status: 'processing', attempts: 1 } });
        return true;
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== 'P2002') throw err;
        const retried = await db.inboundEvent.updateMany({
          where: { platform: 'wecom', eventKey, status: 'failed' },
          data: { status: 'processing', attempts: { increment: 1 } },
        });
        return retried.count === 1;
      }
    },
    async finish(eventKey, outcome, now) {
      await db.inboundEvent.update({
        where: { platform_eventKey: { platform: 'wecom', eventKey } },
        data: outcome.error === undefined ? { status: 'done', processedAt: now, error: null } : { status: 'failed', error: outcome.error.slice(0, 2000) },
      });
    },
  };
}
