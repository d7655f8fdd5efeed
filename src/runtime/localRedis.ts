import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { freePort } from './ports.js';
import { clearStaleProcess } from './staleProcess.js';

/**
 * A redis-server of the machine's own, started for `npm start` when REDIS_URL is unset.
 * It keeps an append-only file under DATA_DIR/redis: PostgreSQL is the truth and the sweep
 * repairs lost jobs, but with the file a restart also keeps queued sends and delayed
 * reminders exactly, so the playground behaves like a deployment across restarts.
 */
export interface LocalRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export class RedisNotFoundError extends Error {
  constructor() {
    super(
      'Redis is needed and no redis-server was found on PATH: install it (`apt-get install redis-server` or `brew install redis`), or run `docker compose up -d redis` and set REDIS_URL=redis://127.0.0.1:6379.',
    );
    this.name = 'RedisNotFoundError';
  }
}

export interface LocalRedisOptions {
  /** DATA_DIR/redis */
  dataDir: string;
  log: Logger;
  preferredPort?: number;
  /** Where to look for redis-server; the process's PATH by default. */
  searchPath?: string;
  /** The server's environment; this process's by default. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_PORT = 63799;

export async function findRedisServer(searchPath = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'redis-server');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function startLocalRedis(opts: LocalRedisOptions): Promise<LocalRedis> {
  const binary = await findRedisServer(opts.searchPath);
  if (binary === undefined) throw new RedisNotFoundError();
  const dir = path.resolve(opts.dataDir);
  await mkdir(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  await clearStaleProcess(pidFile, 'redis-server', 'SIGTERM', opts.log, 'local Redis');
  const port = await freePort(opts.preferredPort ?? DEFAULT_PORT);

  const child = spawn(
    binary,
    [
      '--bind', '127.0.0.1',
      '--port', String(port),
      '--dir', dir,
      '--pidfile', pidFile,
      '--daemonize', 'no',
      '--save', '',
      '--appendonly', 'yes',
      '--appendfsync', 'everysec',
      // BullMQ's keys must never be evicted.
      '--maxmemory-policy', 'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}) },
  );
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`local redis-server (${binary}) did not start: ${(err as Error).message}\n${output.join('').slice(-2000)}`);
  }
  opts.log.info({ port, dir }, 'local Redis: ready');

  const onExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  let stopped = false;
  return {
    url,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // SIGTERM: Redis flushes the append-only file and exits cleanly.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      // While it replays the append-only file it answers LOADING; wait for a real PONG.
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    if (Date.now() > deadline) throw new Error('no answer to PING within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
