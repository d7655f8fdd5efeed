import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { MiddlewareHandler } from 'hono';
import type { Redis } from 'ioredis';
import { createBot } from '../../src/core/bot/createBot.js';
import type { Bot, Outbox, PlatformName } from '../../src/core/bot/types.js';
import type { Db } from '../../src/db/client.js';
import { createApp, type AppDeps } from '../../src/http/app.js';
import type { AppEnv } from '../../src/http/env.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import {
  createInboundQueue,
  createInboundWorker,
  producerConnection,
  recordInbound,
  workerConnection,
  type InboundInput,
  type InboundQueue,
} from '../../src/jobs/inbound/index.js';
import { startJobs, type Jobs } from '../../src/jobs/index.js';
import type { PlatformClient } from '../../src/platforms/types.js';
import { redisUrl } from '../helpers/pg.js';
import type { Clock } from './driver.js';

/**
 * The process as src/runtime/boot.ts assembles it, for one platform: the jobs (Outbox sender on
 * real BullMQ, real Redis, a prefix of its own), the bot, the inbound queue and worker, and the
 * HTTP app on a real port. Timers run only when a test sweeps, on the test's clock.
 */
export interface StackOptions {
  db: Db;
  clock: Clock;
  platform: PlatformName;
  client: PlatformClient;
  adminIds: string[];
  /** The platform's routes, built from the bot, Outbox and inbound store. */
  routes: (parts: { bot: Bot; outbox: Outbox; record: (input: InboundInput) => Promise<{ status: 'stored' | 'duplicate' }> }) => Pick<AppDeps, 'feishu' | 'wecom'>;
}

export interface Stack {
  url: string;
  /** Errors behind the app's 500 answers since last asked. */
  takeErrors(): string[];
  bot: Bot;
  jobs: Jobs;
  waitForDelivery(): Promise<void>;
  stop(): Promise<void>;
}

// Scenario bursts (a ruling: one card, two notices, an update) must not wait on the published
// per-target windows; those have their own tests in test/jobs.
const UNLIMITED = { perApp: { max: 1_000, durationMs: 1_000 }, perTarget: { max: 1_000, durationMs: 1_000 } };

export async function startStack(opts: StackOptions): Promise<Stack> {
  const { db, clock, platform } = opts;
  const prefix = `tsc${randomBytes(4).toString('hex')}`;
  const jobs = await startJobs({
    db,
    redisUrl: redisUrl(),
    clients: { [platform]: opts.client },
    now: clock.now,
    prefix,
    sweepEveryMs: 0,
    manualTimers: true,
    limits: { [platform]: UNLIMITED },
    retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 300 },
  });
  const bot = createBot({ db, now: clock.now, adminIds: opts.adminIds, defaultRole: 'rep' });
  const producer: Redis = producerConnection(redisUrl());
  const queue: InboundQueue = createInboundQueue(producer, prefix);
  const workerRedis = workerConnection(redisUrl());
  const worker: Worker = createInboundWorker({ db, bot, outbox: jobs.outbox, clients: { [platform]: opts.client }, now: clock.now }, { connection: workerRedis, prefix });
  const record = (input: InboundInput) => recordInbound(db, queue, input);
  const errors: string[] = [];
  // A 500 says only "internal error"; the cause goes into the test's failure message instead.
  const keepErrors: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    if (c.error) errors.push(c.error.stack ?? c.error.message);
  };
  const app = createApp({ db, redis: producer, middleware: [keepErrors], ...opts.routes({ bot, outbox: jobs.outbox, record }) });
  const server: RunningServer = await startServer(app.fetch, { port: 0, hostname: '127.0.0.1' });
  const reported = new Set<string>();

  /** Idle: no stored message waiting for the bot, no message waiting to be sent. A failure is shown, not waited on. */
  async function waitForDelivery(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [inbound, outbound] = await Promise.all([
        db.inboundEvent.findMany({ where: { platform, status: { not: 'done' } }, select: { id: true, status: true, error: true } }),
        db.outboundMessage.findMany({ where: { platform, status: { not: 'sent' } }, select: { id: true, status: true, lastError: true, dedupeKey: true } }),
      ]);
      const failures = [
        ...inbound.filter((r) => r.status === 'failed' && !reported.has(r.id)).map((r) => ({ id: r.id, what: `inbound event failed: ${r.error ?? ''}` })),
        ...outbound.filter((r) => r.status === 'failed' && !reported.has(r.id)).map((r) => ({ id: r.id, what: `outbound ${r.dedupeKey} failed: ${r.lastError ?? ''}` })),
      ];
      if (failures.length > 0) {
        for (const f of failures) reported.add(f.id);
        throw new Error(failures.map((f) => f.what).join('\n'));
      }
      const busy = inbound.filter((r) => r.status !== 'failed').length + outbound.filter((r) => r.status === 'pending').length;
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`still busy after 20 s: ${busy} message(s) in flight`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  return {
    url: server.url,
    takeErrors: () => errors.splice(0),
    bot,
    jobs,
    waitForDelivery,
    async stop() {
      // Nothing may still be working on the database when the test file drops it.
      await waitForDelivery().catch(() => undefined);
      await server.close();
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await jobs.stop(2_000);
      // Whatever the jobs left under this prefix (schedulers, windows) goes with them.
      let cursor = '0';
      do {
        const [next, keys] = await producer.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await producer.del(...keys);
      } while (cursor !== '0');
      producer.disconnect();
      workerRedis.disconnect();
    },
  };
}
