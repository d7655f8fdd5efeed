import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PlatformName } from './types.js';

/**
 * Card clicks are answered inline, not queued, yet a platform may retry a callback it got no
 * answer to in time (WeCom, after 5 s). The ledger makes each such click run once across every
 * copy of the app: a row in InboundEvent (eventKey `card:…`) claimed before the work and closed
 * after. The row never sits in `pending`, so the inbound repair loop leaves it alone; a click
 * whose work failed may be claimed again by the platform's next retry.
 */
export interface ClickLedger {
  /** True when this caller owns the click; false when it is done or in progress elsewhere. */
  claim(platform: PlatformName, eventKey: string, payload: Record<string, string>): Promise<boolean>;
  finish(platform: PlatformName, eventKey: string, outcome: { error?: string }, now: Date): Promise<void>;
}

export function createClickLedger(db: Db): ClickLedger {
  return {
    async claim(platform, eventKey, payload) {
      try {
        await db.inboundEvent.create({ data: { platform, eventKey, payload, status: 'processing', attempts: 1 } });
        return true;
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== 'P2002') throw err;
        const retried = await db.inboundEvent.updateMany({
          where: { platform, eventKey, status: 'failed' },
          data: { status: 'processing', attempts: { increment: 1 } },
        });
        return retried.count === 1;
      }
    },
    async finish(platform, eventKey, outcome, now) {
      await db.inboundEvent.update({
        where: { platform_eventKey: { platform, eventKey } },
        data: outcome.error === undefined ? { status: 'done', processedAt: now, error: null } : { status: 'failed', error: outcome.error.slice(0, 2000) },
      });
    },
  };
}
