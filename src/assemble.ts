import type { Hono, MiddlewareHandler } from 'hono';
import type { Worker } from 'bullmq';
import type { Config } from './config.js';
import { createClickLedger } from './core/bot/clickLedger.js';
import { createBot } from './core/bot/index.js';
import { createPipeline, type Pipeline } from './core/bot/pipeline.js';
import type { Bot, PlatformName } from './core/bot/types.js';
import { createDb, type Db } from './db/client.js';
import { createApp, type FetchApp } from './http/app.js';
import { dashboardRoutes } from './http/dashboard/routes.js';
import { startDashboardRefresher, type DashboardRefresher } from './jobs/dashboard/refresher.js';
import type { AppEnv } from './http/env.js';
import { DEFAULT_PREFIX, queueConnection } from './jobs/connection.js';
import { startWarehouseJobs } from './jobs/exports/warehouseJob.js';
import {
  createInboundQueue,
  createInboundWorker,
  producerConnection,
  recordInbound,
  startInboundRepair,
  workerConnection,
  type InboundInput,
  type InboundQueue,
  type InboundRepair,
  type RecordOutcome,
} from './jobs/inbound/index.js';
import { startJobs, type Jobs, type JobsDeps } from './jobs/index.js';
import { log as defaultLog, type Logger } from './log.js';
import { metricsHandler, watchQueues } from './metrics.js';
import { FeishuClient, type FeishuClientOptions } from './platforms/feishu/client.js';
import { createFeishuWebhook, type FeishuWebhook } from './platforms/feishu/webhook.js';
import { LocalClient, playgroundRoutes } from './platforms/local/index.js';
import type { PlatformClient } from './platforms/types.js';
import { createWecomClient, type WecomClient } from './platforms/wecom/client.js';
import { wecomRoutes } from './platforms/wecom/routes.js';
import { ensureDemoOrg } from './playground/demoOrg.js';
import { seedDemoLeads } from './playground/seed.js';
import { createPlaygroundStore } from './playground/store.js';
import { ShutdownStack } from './runtime/shutdown.js';

/**
 * What a caller may change about the assembly without changing what it is: tests move the
 * clock, isolate their queues and shorten waits; nothing here swaps a part for a stand-in.
 */
export interface AssembleOverrides {
  /** An open database to use (a test's cloned one); it is not disconnected by stop(). */
  db?: Db;
  log?: Logger;
  now?: () => Date;
  /** BullMQ/Redis key prefix for every queue of this app (tests take a unique one). */
  queuePrefix?: string;
  jobs?: Pick<JobsDeps, 'sweepEveryMs' | 'manualTimers' | 'workers' | 'limits' | 'retry' | 'catchUpHours' | 'timerHorizonHours'>;
  inbound?: {
    /** Where the inbound queue lives, when not REDIS_URL (a Redis of its own in the Redis-down test). */
    redisUrl?: string;
    /** false: no inbound worker in this process (a web-only process, or a test stepping by hand). */
    worker?: boolean;
    enqueueTimeoutMs?: number;
    repairEveryMs?: number;
    repairOlderThanMs?: number;
  };
  /** How long a card click may take before it is answered and finished behind the answer. */
  cardAnswerBudgetMs?: number;
  clients?: { feishu?: Pick<FeishuClientOptions, 'timeoutMs'>; wecom?: { linkUrl?: string } };
  /** Runs before every route (after the request id). */
  middleware?: readonly MiddlewareHandler<AppEnv>[];
  healthTimeoutMs?: number;
}

export interface Inbound {
  queue: InboundQueue;
  worker: Worker | undefined;
  repair: InboundRepair;
  /** Stores a message durably and queues it, as every adapter does before answering. */
  record(input: InboundInput): Promise<RecordOutcome>;
}

export interface Assembly {
  /** The HTTP app; serve its `.fetch` (startBot does), or call `app.request` in a test. */
  app: Hono<AppEnv>;
  bot: Bot;
  /** The core's entry for messages and clicks: the bot, the Outbox, rescheduling, the click ledger. */
  pipeline: Pipeline;
  jobs: Jobs;
  db: Db;
  clients: { feishu?: FeishuClient; wecom?: WecomClient; local?: LocalClient };
  inbound: Inbound;
  /** Keeps the 看板's rollups current (runNow in tests and benchmarks). */
  dashboard: DashboardRefresher;
  /**
   * Where links in cards point when PUBLIC_URL is unset: startBot tells it the address it
   * listens on once it knows the port.
   */
  useBaseUrl(url: string): void;
  /** Finishes in-flight work and closes everything assemble opened, newest first. */
  stop(): Promise<void>;
}

/**
 * The one composition root, for production (startBot), every test harness and every benchmark:
 * the configuration's platforms, the jobs, the bot and the HTTP app, wired once. It listens on
 * nothing; the caller serves `app`. DATABASE_URL and REDIS_URL must be set (startBot starts an
 * embedded PostgreSQL or a local Redis first when they are not).
 */
export async function assemble(config: Config, overrides: AssembleOverrides = {}): Promise<Assembly> {
  const log = overrides.log ?? defaultLog;
  const now = overrides.now ?? (() => new Date());
  const prefix = overrides.queuePrefix ?? DEFAULT_PREFIX;
  const redisUrl = config.REDIS_URL;
  if (redisUrl === undefined) throw new Error('assemble needs REDIS_URL (startBot starts a local Redis when it is unset)');
  const stack = new ShutdownStack(log);
  try {
    let db = overrides.db;
    if (!db) {
      if (config.DATABASE_URL === undefined) throw new Error('assemble needs DATABASE_URL (startBot starts an embedded PostgreSQL when it is unset)');
      const own = createDb(config.DATABASE_URL);
      stack.push('PostgreSQL pool', () => own.$disconnect());
      db = own;
    }

    const clients: Assembly['clients'] = {};
    if (config.feishu) {
      clients.feishu = new FeishuClient({ appId: config.feishu.appId, appSecret: config.feishu.appSecret, baseUrl: config.feishu.baseUrl, ...overrides.clients?.feishu });
    }
    if (config.wecom) {
      const { corpId, secret, agentId, baseUrl } = config.wecom;
      clients.wecom = createWecomClient({ baseUrl, corpId, secret, agentId, ...overrides.clients?.wecom });
    }
    const store = config.playgroundEnabled ? createPlaygroundStore(db) : undefined;
    if (store) clients.local = new LocalClient(store);
    const senders: Partial<Record<PlatformName, PlatformClient>> = clients;

    const jobs = await startJobs({ db, redisUrl, clients: senders, now, prefix, ...overrides.jobs });
    stack.push('jobs (workers, queues)', () => jobs.stop());
    // The warehouse feed's daily batch (docs/warehouse.md); with no folder set, no schedule.
    const warehouse = await startWarehouseJobs(
      queueConnection(redisUrl, prefix),
      config.WAREHOUSE_DIR && config.DATABASE_URL
        ? { databaseUrl: config.DATABASE_URL, dir: config.WAREHOUSE_DIR, at: config.WAREHOUSE_AT, timeZone: config.WAREHOUSE_TIME_ZONE }
        : null,
      overrides.jobs?.workers !== false,
    );
    stack.push('warehouse feed job', () => warehouse.close());

    // A background worker like the jobs': a process without workers leaves it to one that has them.
    const background = overrides.jobs?.workers !== false;
    const dashboard = startDashboardRefresher(db, { everyMs: background ? config.DASHBOARD_REFRESH_SECONDS * 1000 : 0, background });
    stack.push('dashboard refresher', () => dashboard.stop());
    let baseUrl = config.PUBLIC_URL;
    const bot = createBot({ db, now, adminIds: config.ADMIN_USER_IDS, defaultRole: config.DEFAULT_ROLE, dashboardUrl: () => baseUrl ?? '' });
    const pipeline = createPipeline({
      bot,
      outbox: jobs.outbox,
      ledger: createClickLedger(db),
      // A registration, follow-up, ruling or claim moves the lead's reminders and deadlines now,
      // and the 看板's figures soon after.
      reschedule: async (leadIds) => {
        dashboard.nudge();
        for (const id of leadIds) await jobs.scheduleLead(id);
      },
      now,
    });

    const inboundUrl = overrides.inbound?.redisUrl ?? redisUrl;
    const producer = producerConnection(inboundUrl);
    producer.on('error', (err) => log.debug({ err: err.message }, 'redis (producer)'));
    stack.push('Redis producer connection', async () => {
      producer.disconnect();
    });
    const queue = createInboundQueue(producer, prefix);
    stack.push('inbound queue', () => queue.close());
    // Its depth on /metrics beside the outbound, timer and digest queues startJobs reports.
    const unwatchInbound = watchQueues([queue]);
    stack.push('inbound queue metrics', async () => unwatchInbound());
    let worker: Worker | undefined;
    if (overrides.inbound?.worker !== false) {
      const connection = workerConnection(inboundUrl);
      connection.on('error', (err) => log.debug({ err: err.message }, 'redis (inbound worker)'));
      stack.push('Redis worker connection', async () => {
        connection.disconnect();
      });
      const started = createInboundWorker({ db, pipeline, clients: senders, now }, { connection, prefix });
      stack.push('inbound worker', () => started.close());
      worker = started;
    }
    const repair = startInboundRepair({
      db,
      queue,
      now,
      ...(overrides.inbound?.repairEveryMs !== undefined ? { everyMs: overrides.inbound.repairEveryMs } : {}),
      ...(overrides.inbound?.repairOlderThanMs !== undefined ? { olderThanMs: overrides.inbound.repairOlderThanMs } : {}),
    });
    stack.push('inbound repair', () => repair.stop());
    const enqueueTimeoutMs = overrides.inbound?.enqueueTimeoutMs;
    const record = (input: InboundInput) => recordInbound(db, queue, input, enqueueTimeoutMs !== undefined ? { enqueueTimeoutMs } : {});
    const budget = overrides.cardAnswerBudgetMs !== undefined ? { actionBudgetMs: overrides.cardAnswerBudgetMs } : {};

    let feishu: FeishuWebhook | undefined;
    if (config.feishu && clients.feishu) {
      const { verificationToken, encryptKey, replayWindowSeconds } = config.feishu;
      feishu = createFeishuWebhook({
        verify: { verificationToken, replayWindowSeconds, ...(encryptKey ? { encryptKey } : {}) },
        client: clients.feishu,
        pipeline,
        record,
        now,
        ...budget,
      });
    }
    let wecom: FetchApp | undefined;
    if (config.wecom && clients.wecom) {
      const { token, aesKey, corpId, replayWindowSeconds } = config.wecom;
      wecom = wecomRoutes({
        crypto: { token, aesKey, corpId },
        replayWindowSeconds,
        client: clients.wecom,
        pipeline,
        record,
        now,
        ...budget,
      });
    }
    const extraRoutes: { path: string; app: FetchApp }[] = [];
    if (store && clients.local) {
      await ensureDemoOrg(db);
      extraRoutes.push({ path: '/', app: playgroundRoutes({ store, client: clients.local, pipeline, record, now }) });
      if (config.SEED_DEMO) {
        const n = await seedDemoLeads(store, record);
        log.info({ messages: n }, 'playground: demo leads sent through the inbound pipeline');
      }
    }

    const app = createApp({
      db,
      redis: producer,
      ...(feishu ? { feishu } : {}),
      ...(wecom ? { wecom } : {}),
      metrics: metricsHandler,
      dashboard: dashboardRoutes({ db, now }),
      extraRoutes,
      ...(overrides.middleware ? { middleware: overrides.middleware } : {}),
      ...(overrides.healthTimeoutMs !== undefined ? { healthTimeoutMs: overrides.healthTimeoutMs } : {}),
    });
    // The first start builds the rollups from the leads already there; later runs catch up.
    if (background) void dashboard.runNow();
    const useBaseUrl = (url: string) => {
      baseUrl = config.PUBLIC_URL ?? url;
    };
    return { app, bot, pipeline, jobs, db, clients, inbound: { queue, worker, repair, record }, dashboard, useBaseUrl, stop: () => stack.unwind() };
  } catch (err) {
    await stack.unwind();
    throw err;
  }
}
