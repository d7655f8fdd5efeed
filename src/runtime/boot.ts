import path from 'node:path';
import type { Config } from '../config.js';
import type { PlatformName } from '../core/bot/types.js';
import { createBot } from '../core/bot/index.js';
import { createDb, type Db } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { applyMigrations } from '../db/migrate.js';
import { createApp, type FetchApp } from '../http/app.js';
import { startServer } from '../http/server.js';
import {
  createInboundQueue,
  createInboundWorker,
  producerConnection,
  recordInbound,
  startInboundRepair,
  workerConnection,
  type InboundInput,
} from '../jobs/inbound/index.js';
import { DEFAULT_PREFIX } from '../jobs/connection.js';
import { startJobs } from '../jobs/index.js';
import type { Logger } from '../log.js';
import { metricsHandler, watchQueues } from '../metrics.js';
import { FeishuClient } from '../platforms/feishu/client.js';
import { createFeishuWebhook, type FeishuWebhook } from '../platforms/feishu/webhook.js';
import {
  LocalClient,
  createPlaygroundStore,
  ensureDemoOrg,
  playgroundRoutes,
  seedDemoLeads,
} from '../platforms/local/index.js';
import type { PlatformClient } from '../platforms/types.js';
import { createActionLedger } from '../platforms/wecom/actionLedger.js';
import { createWecomClient } from '../platforms/wecom/client.js';
import { wecomRoutes } from '../platforms/wecom/routes.js';
import { RedisNotFoundError, findRedisServer, startLocalRedis } from './localRedis.js';
import { ShutdownStack } from './shutdown.js';

export interface BootOptions {
  config: Config;
  log: Logger;
  /** Overrides PORT (0: any free port; tests). */
  port?: number;
  /** BullMQ/Redis key prefix (tests isolate themselves with a unique one). */
  queuePrefix?: string;
  /** The sweep's period (0: off, tests); see startJobs. */
  sweepEveryMs?: number;
}

export interface RunningBot {
  /** http://localhost:<port>/ */
  url: string;
  port: number;
  db: Db;
  databaseUrl: string;
  redisUrl: string;
  /** Stops accepting, finishes in-flight work, closes everything it started, in that order. */
  stop(): Promise<void>;
}

/**
 * The whole process: database (embedded when DATABASE_URL is unset) and its migrations, Redis
 * (a local redis-server when REDIS_URL is unset), the platform clients, the jobs, the bot, and
 * the HTTP app with whichever of Feishu, WeCom and the playground are configured.
 */
export async function startBot(opts: BootOptions): Promise<RunningBot> {
  const { config, log } = opts;
  // One prefix for every queue of this app, the inbound one included.
  const prefix = opts.queuePrefix ?? DEFAULT_PREFIX;
  const stack = new ShutdownStack(log);
  try {
    // Said before the database takes its seconds to start, not after.
    if (config.REDIS_URL === undefined && (await findRedisServer()) === undefined) throw new RedisNotFoundError();
    let databaseUrl = config.DATABASE_URL;
    if (databaseUrl === undefined) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'pg'), log });
      stack.push('embedded PostgreSQL', () => pg.stop(), 60_000);
      databaseUrl = pg.url;
    }
    const migrated = await applyMigrations(databaseUrl);
    log.info({ applied: migrated.applied, inPlace: migrated.skipped.length }, 'migrations');

    let redisUrl = config.REDIS_URL;
    if (redisUrl === undefined) {
      const redis = await startLocalRedis({ dataDir: path.join(config.DATA_DIR, 'redis'), log });
      stack.push('local Redis', () => redis.stop());
      redisUrl = redis.url;
    }

    const db = createDb(databaseUrl);
    stack.push('PostgreSQL pool', () => db.$disconnect());

    const clients: Partial<Record<PlatformName, PlatformClient>> = {};
    const feishuClient = config.feishuEnabled
      ? new FeishuClient({ appId: config.FEISHU_APP_ID ?? '', appSecret: config.FEISHU_APP_SECRET ?? '', baseUrl: config.FEISHU_BASE_URL })
      : undefined;
    if (feishuClient) clients.feishu = feishuClient;
    const wecomClient = config.wecomEnabled
      ? createWecomClient({
          baseUrl: config.WECOM_BASE_URL,
          corpId: config.WECOM_CORP_ID ?? '',
          secret: config.WECOM_SECRET ?? '',
          agentId: config.WECOM_AGENT_ID ?? '',
        })
      : undefined;
    if (wecomClient) clients.wecom = wecomClient;
    const store = config.playgroundEnabled ? createPlaygroundStore(db) : undefined;
    const localClient = store ? new LocalClient(store) : undefined;
    if (localClient) clients.local = localClient;

    const jobs = await startJobs({
      db,
      redisUrl,
      clients,
      prefix,
      ...(opts.sweepEveryMs !== undefined ? { sweepEveryMs: opts.sweepEveryMs } : {}),
    });
    stack.push('jobs (workers, queues)', () => jobs.stop());

    const bot = createBot({
      db,
      now: () => new Date(),
      adminIds: config.ADMIN_USER_IDS,
      defaultRole: config.DEFAULT_ROLE,
      // A registration, follow-up, ruling or claim moves the lead's reminders and deadlines now.
      onLeadsChanged: async (leadIds) => {
        for (const id of leadIds) await jobs.scheduleLead(id);
      },
    });

    const producer = producerConnection(redisUrl);
    producer.on('error', (err) => log.debug({ err: err.message }, 'redis (producer)'));
    stack.push('Redis producer connection', async () => {
      producer.disconnect();
    });
    const inboundQueue = createInboundQueue(producer, prefix);
    stack.push('inbound queue', () => inboundQueue.close());
    // Its depth on /metrics beside the outbound, timer and digest queues startJobs reports.
    const unwatchInbound = watchQueues([inboundQueue]);
    stack.push('inbound queue metrics', async () => unwatchInbound());
    const inboundConnection = workerConnection(redisUrl);
    inboundConnection.on('error', (err) => log.debug({ err: err.message }, 'redis (inbound worker)'));
    stack.push('Redis worker connection', async () => {
      inboundConnection.disconnect();
    });
    const inboundWorker = createInboundWorker(
      { db, bot, outbox: jobs.outbox, clients },
      { connection: inboundConnection, prefix },
    );
    stack.push('inbound worker', () => inboundWorker.close());
    const repair = startInboundRepair({ db, queue: inboundQueue });
    stack.push('inbound repair', () => repair.stop());
    const record = (input: InboundInput) => recordInbound(db, inboundQueue, input);

    let feishu: FeishuWebhook | undefined;
    if (feishuClient) {
      feishu = createFeishuWebhook({
        verify: {
          verificationToken: config.FEISHU_VERIFICATION_TOKEN ?? '',
          ...(config.FEISHU_ENCRYPT_KEY ? { encryptKey: config.FEISHU_ENCRYPT_KEY } : {}),
          replayWindowSeconds: config.REPLAY_WINDOW_SECONDS,
        },
        client: feishuClient,
        bot,
        outbox: jobs.outbox,
        record,
      });
    }
    const wecom: FetchApp | undefined = wecomClient
      ? wecomRoutes({
          crypto: { token: config.WECOM_TOKEN ?? '', aesKey: config.WECOM_AES_KEY ?? '', corpId: config.WECOM_CORP_ID ?? '' },
          replayWindowSeconds: config.REPLAY_WINDOW_SECONDS,
          client: wecomClient,
          bot,
          outbox: jobs.outbox,
          record,
          ledger: createActionLedger(db),
        })
      : undefined;

    const extraRoutes: { path: string; app: FetchApp }[] = [];
    if (store && localClient) {
      await ensureDemoOrg(db);
      extraRoutes.push({ path: '/', app: playgroundRoutes({ store, client: localClient, bot, outbox: jobs.outbox, record }) });
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
      extraRoutes,
    });
    const server = await startServer(app.fetch, { port: opts.port ?? config.PORT });
    // Pushed last, so it is the first to stop: no new requests while the rest winds down.
    stack.push('HTTP server', () => server.close(), 10_000);

    const url = `http://localhost:${server.port}/`;
    if (config.playgroundEnabled) log.info(`playground: ${url}`);
    log.info(
      { port: server.port, feishu: config.feishuEnabled, wecom: config.wecomEnabled, playground: config.playgroundEnabled },
      `listening on ${server.url}`,
    );
    return { url, port: server.port, db, databaseUrl, redisUrl, stop: () => stack.unwind() };
  } catch (err) {
    await stack.unwind();
    throw err;
  }
}
