import type { MiddlewareHandler } from 'hono';
import type { Assembly } from '../../src/assemble.js';
import type { Pipeline } from '../../src/core/bot/pipeline.js';
import type { Bot, PlatformName } from '../../src/core/bot/types.js';
import type { Db } from '../../src/db/client.js';
import type { AppEnv } from '../../src/http/env.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import type { Jobs } from '../../src/jobs/index.js';
import { assembleForTest } from '../helpers/assembly.js';
import type { Clock } from './driver.js';

/**
 * The process as production assembles it (src/assemble.ts) for one platform, served on a real
 * port: the jobs (Outbox sender on real BullMQ, real Redis, a prefix of its own), the bot, the
 * inbound queue and worker, and the HTTP app. Timers run only when a test sweeps, on the test's
 * clock.
 */
export interface StackOptions {
  db: Db;
  clock: Clock;
  platform: PlatformName;
  /** The deployment's environment: the platform's credentials and its (fake) base URL, ADMIN_USER_IDS. */
  env: Record<string, string>;
  /** How long a click may take before it is answered and finished behind the answer. */
  answerWithinMs: number;
}

export interface Stack {
  url: string;
  /** Errors behind the app's 500 answers since last asked. */
  takeErrors(): string[];
  bot: Bot;
  pipeline: Pipeline;
  jobs: Jobs;
  clients: Assembly['clients'];
  waitForDelivery(): Promise<void>;
  stop(): Promise<void>;
}

// Scenario bursts (a ruling: one card, two notices, an update) must not wait on the published
// per-target windows; those have their own tests in test/jobs.
const UNLIMITED = { perApp: { max: 1_000, durationMs: 1_000 }, perTarget: { max: 1_000, durationMs: 1_000 } };

export async function startStack(opts: StackOptions): Promise<Stack> {
  const { db, clock, platform } = opts;
  const errors: string[] = [];
  // A 500 says only "internal error"; the cause goes into the test's failure message instead.
  const keepErrors: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    if (c.error) errors.push(c.error.stack ?? c.error.message);
  };
  const assembly = await assembleForTest(db, opts.env, {
    now: clock.now,
    jobs: { manualTimers: true, limits: { [platform]: UNLIMITED }, retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 300 } },
    clients: { feishu: { timeoutMs: 3000 } },
    middleware: [keepErrors],
    cardAnswerBudgetMs: opts.answerWithinMs,
  });
  const { bot, jobs } = assembly;
  const server: RunningServer = await startServer(assembly.app.fetch, { port: 0, hostname: '127.0.0.1' });
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
    pipeline: assembly.pipeline,
    jobs,
    clients: assembly.clients,
    waitForDelivery,
    async stop() {
      // Nothing may still be working on the database when the test file drops it.
      await waitForDelivery().catch(() => undefined);
      await server.close();
      await assembly.stop();
    },
  };
}
