import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Logger } from '../log.js';

const run = promisify(execFile);

/**
 * A server we start (embedded PostgreSQL, local redis-server) leaves a pid file in its data
 * directory. After a crash of our process that file may name:
 *  - nobody, or an unrelated process that reused the pid (common in containers): the file is stale;
 *  - the server itself, orphaned because `kill -9` of Node does not reach its children: it still
 *    holds the data directory, so it is shut down before a new one starts;
 *  - the server of another running copy of the bot: we must not touch it, and say so.
 */
export type PidFileState =
  | { kind: 'none' }
  | { kind: 'stale'; pid: number }
  | { kind: 'orphan'; pid: number }
  | { kind: 'in-use'; pid: number; parentPid: number };

export async function inspectPidFile(pidFile: string, command: string): Promise<PidFileState> {
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return { kind: 'stale', pid: Number.isInteger(pid) ? pid : 0 };
  const proc = await describe(pid);
  if (proc === undefined || !proc.command.includes(command)) return { kind: 'stale', pid };
  const parent = proc.parentPid > 1 ? await describe(proc.parentPid) : undefined;
  // Our servers are children of the Node process that started them; anything else adopted them.
  if (parent === undefined || !/node|tsx/.test(parent.command)) return { kind: 'orphan', pid };
  return { kind: 'in-use', pid, parentPid: proc.parentPid };
}

/**
 * Makes the data directory usable again: removes a stale pid file, stops an orphaned server
 * with `signal` (its clean shutdown), and throws when another running copy owns it.
 */
export async function clearStaleProcess(
  pidFile: string,
  command: string,
  signal: NodeJS.Signals,
  log: Logger,
  what: string,
): Promise<void> {
  const state = await inspectPidFile(pidFile, command);
  switch (state.kind) {
    case 'none':
      return;
    case 'stale':
      log.warn({ pidFile, pid: state.pid }, `${what}: removing a stale pid file left by a crash`);
      await rm(pidFile, { force: true });
      return;
    case 'orphan':
      log.warn({ pid: state.pid }, `${what}: stopping a server left running by a crashed start`);
      process.kill(state.pid, signal);
      await waitForExit(state.pid, 60_000);
      await rm(pidFile, { force: true });
      return;
    case 'in-use':
      throw new Error(
        `${what} in ${pidFile} is in use by another running copy of the bot (server pid ${state.pid}, started by pid ${state.parentPid}); stop it or set DATA_DIR to another directory`,
      );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (the postgres user when we are not root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function describe(pid: number): Promise<{ parentPid: number; command: string } | undefined> {
  try {
    const { stdout } = await run('ps', ['-o', 'ppid=,args=', '-p', String(pid)]);
    const m = /^\s*(\d+)\s+(.*)$/.exec(stdout.trim());
    if (!m) return undefined;
    return { parentPid: Number(m[1]), command: m[2] ?? '' };
  } catch {
    return undefined;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not exit within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
