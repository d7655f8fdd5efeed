import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/ports.js';

/**
 * `npm start` on a machine where nothing is configured: the real entry point in a child
 * process (the tsx CLI, as `npm start` runs it), in an empty directory, with no DATABASE_URL
 * and no REDIS_URL in its environment.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'src', 'main.ts');

const work = await mkdtemp(path.join(tmpdir(), 'npm-start-'));
// Run as root, the embedded PostgreSQL is the `postgres` user, which must reach DATA_DIR.
await chmod(work, 0o755);
const running = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await rm(work, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
}

function env(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Only what a fresh shell has: no DATABASE_URL, no REDIS_URL, no test settings.
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work, PORT: String(port), LOG_LEVEL: 'info', ...extra };
}

function start(port: number, extra: Record<string, string> = {}): Promise<Started> {
  const child = spawn(TSX, [MAIN], { cwd: work, env: env(port, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes(`playground: http://localhost:${port}/`)) {
        clearInterval(timer);
        resolve({ child, output: () => out });
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
}

async function stop(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill('SIGTERM');
  const code = await exited;
  running.delete(s.child);
  return code;
}

interface ChatMessage {
  senderId: string;
  text: string | null;
  card: { header: { title: string } } | null;
}

async function chat(port: number, memberId: string): Promise<ChatMessage[]> {
  const res = await fetch(`http://localhost:${port}/playground/api/chats/dm-${memberId}/messages?memberId=${memberId}`);
  return ((await res.json()) as { messages: ChatMessage[] }).messages;
}

async function waitForCard(port: number, memberId: string, title: string): Promise<ChatMessage> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = (await chat(port, memberId)).find((m) => m.card?.header.title.includes(title));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no card "${title}" for ${memberId}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm start with nothing configured runs on an embedded PostgreSQL and a local Redis', () => {
  it('serves the playground, registers a customer, keeps it across a restart, and stops its servers on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = path.join(work, '.data');

    const first = await start(port);
    const page = await fetch(`http://localhost:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('线索助手');
    const health = await fetch(`http://localhost:${port}/healthz`);
    expect(await health.json()).toEqual({ postgres: 'ok', redis: 'ok' });
    const metrics = await (await fetch(`http://localhost:${port}/metrics`)).text();
    expect(metrics).toMatch(/leadbot_queue_jobs\{queue="inbound",state="waiting"\} \d+/);

    const sent = await fetch(`http://localhost:${port}/playground/api/chats/dm-wang-xiaoming/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: 'wang-xiaoming', text: '报备 张先生 13800138000 住万科城 看床垫' }),
    });
    expect(sent.status).toBe(200);
    await waitForCard(port, 'wang-xiaoming', '报备成功');

    expect(await stop(first)).toBe(0);
    // A clean shutdown: PostgreSQL and Redis removed their pid files on the way out.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'redis', 'redis.pid'))).toBe(false);

    const second = await start(port);
    expect(second.output()).not.toContain('initialising a new cluster');
    const history = await chat(port, 'wang-xiaoming');
    expect(history.map((m) => m.text ?? m.card?.header.title)).toEqual(['报备 张先生 13800138000 住万科城 看床垫', expect.stringContaining('报备成功')]);
    expect(await stop(second)).toBe(0);
  }, 240_000);
});

describe('a bad setting stops start-up with a message naming it', () => {
  it('names PORT when it is not a number', async () => {
    const child = spawn(TSX, [MAIN], { cwd: work, env: { ...env(1), PORT: 'abc' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/PORT/);
  }, 60_000);
});
