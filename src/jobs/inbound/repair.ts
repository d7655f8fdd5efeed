import type { Db } from '../../db/client.js';
import { log } from '../../log.js';
import { enqueueInbound } from './enqueue.js';
import type { InboundQueue } from './queue.js';

export interface InboundRepairOptions {
  db: Db;
  queue: InboundQueue;
  /** How often to look; every copy of the app may run this, re-adds are no-ops. */
  everyMs?: number;
  /** Only events this old: younger ones are still on their normal way to the queue. */
  olderThanMs?: number;
  batch?: number;
  now?: () => Date;
}

export interface InboundRepair {
  /** One sweep; resolves to how many events were (re-)enqueued. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Events stored while Redis was down sit in `pending`; once Redis answers again this puts
 * them on the queue. Job id = row id, so an event that was queued after all is not doubled.
 */
export function startInboundRepair(opts: InboundRepairOptions): InboundRepair {
  const everyMs = opts.everyMs ?? 5000;
  const olderThanMs = opts.olderThanMs ?? 5000;
  const batch = opts.batch ?? 200;
  const now = opts.now ?? (() => new Date());
  let running: Promise<number> | undefined;
  let stopped = false;

  async function sweep(): Promise<number> {
    const rows = await opts.db.inboundEvent.findMany({
      where: { status: 'pending', receivedAt: { lt: new Date(now().getTime() - olderThanMs) } },
      orderBy: { receivedAt: 'asc' },
      take: batch,
      select: { id: true },
    });
    let n = 0;
    for (const row of rows) {
      // Redis still down: stop this round rather than wait out every row's timeout.
      if (!(await enqueueInbound(opts.queue, row.id, 1000))) break;
      n++;
    }
    if (n > 0) log.info({ count: n }, 'pending inbound events re-enqueued');
    return n;
  }

  function runOnce(): Promise<number> {
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    if (stopped) return;
    runOnce().catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'inbound repair sweep failed'));
  }, everyMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
