import path from 'node:path';
import { assemble, type AssembleOverrides } from './assemble.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { applyMigrations } from './db/migrate.js';
import { startServer } from './http/server.js';
import type { Logger } from './log.js';
import { RedisNotFoundError, findRedisServer, startLocalRedis } from './runtime/localRedis.js';
import { ShutdownStack } from './runtime/shutdown.js';

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
 * `npm start` after the configuration: the database (embedded when DATABASE_URL is unset) and
 * its migrations, Redis (a local redis-server when REDIS_URL is unset), then the assembly
 * (assemble.ts) served on PORT.
 */
export async function startBot(opts: BootOptions): Promise<RunningBot> {
  const { config, log } = opts;
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

    const overrides: AssembleOverrides = { log };
    if (opts.queuePrefix !== undefined) overrides.queuePrefix = opts.queuePrefix;
    if (opts.sweepEveryMs !== undefined) overrides.jobs = { sweepEveryMs: opts.sweepEveryMs };
    const assembly = await assemble({ ...config, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, overrides);
    stack.push('assembly (workers, queues, connections)', () => assembly.stop(), 60_000);

    const server = await startServer(assembly.app.fetch, { port: opts.port ?? config.PORT });
    // Pushed last, so it is the first to stop: no new requests while the rest winds down.
    stack.push('HTTP server', () => server.close(), 10_000);

    const url = `http://localhost:${server.port}/`;
    assembly.useBaseUrl(`http://localhost:${server.port}`);
    if (config.playgroundEnabled) log.info(`playground: ${url}`);
    log.info(
      { port: server.port, feishu: config.feishu !== null, wecom: config.wecom !== null, playground: config.playgroundEnabled },
      `listening on ${server.url}`,
    );
    return { url, port: server.port, db: assembly.db, databaseUrl, redisUrl, stop: () => stack.unwind() };
  } catch (err) {
    await stack.unwind();
    throw err;
  }
}
