/**
 * The Feishu webhook's acknowledgement rate and latency, beside a bare Hono hello-world (the
 * ceiling) on the same machine in the same run. Each server runs in a child process of its own;
 * this process only fires requests at 127.0.0.1. The app is the real one: signature check,
 * AES decryption, zod parsing, INSERT into a fresh PostgreSQL database, BullMQ add on Redis;
 * no worker runs (web and worker are separate processes in production).
 *
 * Run: npx tsx test/bench/webhook.ts [events] [concurrency]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import pg from 'pg';
import { assemble } from '../../src/assemble.js';
import { loadConfig } from '../../src/config.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { startServer } from '../../src/http/server.js';
import { buildCallback, messageEvent } from '../fakes/feishuCallbacks.js';
import { deleteKeys } from '../helpers/assembly.js';
import { databaseUrl, redisUrl, withAdmin } from '../helpers/pg.js';

const TOKEN = 'bench-verification-token';
const ENCRYPT_KEY = 'bench-encrypt-key';
const WARMUP = 300;
const ROUNDS = 5;
const TIME_LIMIT_MS = 60_000;

type Role = 'app' | 'hello';

// ---- child: one server, prints "READY <port>" -------------------------------------------
async function serve(role: Role): Promise<void> {
  if (role === 'hello') {
    const hello = new Hono();
    hello.post('/feishu/events', (c) => c.text('Hello Hono!'));
    const s = await startServer(hello.fetch, { port: 0, hostname: '127.0.0.1' });
    console.log(`READY ${s.port}`);
    return;
  }
  // The production assembly on the production configuration path, with the web process's
  // share of the work: no workers and no sweep here (those run in worker processes).
  const { app } = await assemble(loadConfig(process.env), {
    queuePrefix: process.env.BENCH_PREFIX ?? 'bench',
    inbound: { worker: false },
    jobs: { workers: false, sweepEveryMs: 0 },
  });
  // Ready when /healthz sees PostgreSQL and Redis: the first events must not meet a connecting client.
  while ((await app.request('/healthz')).status !== 200) await new Promise((r) => setTimeout(r, 50));
  const s = await startServer(app.fetch, { port: 0, hostname: '127.0.0.1' });
  console.log(`READY ${s.port}`);
}

// ---- parent: set up, fire, report ---------------------------------------------------------
function startChild(role: Role, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', file, '--serve', role], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const m = /READY (\d+)/.exec(chunk.toString());
      if (m?.[1]) resolve({ child, port: Number(m[1]) });
    });
  });
}

interface Sample {
  latencies: number[];
  acked: number;
  errors: number;
  seconds: number;
}

interface Result {
  sent: number;
  acked: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

async function fire(port: number, bodies: { body: string; headers: Record<string, string> }[], concurrency: number): Promise<Sample> {
  const url = `http://127.0.0.1:${port}/feishu/events`;
  const latencies: number[] = [];
  let next = 0;
  let acked = 0;
  let errors = 0;
  const deadline = performance.now() + TIME_LIMIT_MS;
  const t0 = performance.now();
  async function lane(): Promise<void> {
    for (;;) {
      const i = next++;
      const cb = bodies[i];
      if (!cb || performance.now() > deadline) return;
      const start = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', body: cb.body, headers: cb.headers });
        await res.arrayBuffer();
        if (res.status === 200) acked++;
        else errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - start);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { latencies, acked, errors, seconds: (performance.now() - t0) / 1000 };
}

function summarize(samples: Sample[]): Result {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const sum = (f: (s: Sample) => number) => samples.reduce((a, s) => a + f(s), 0);
  return { sent: latencies.length, acked: sum((s) => s.acked), errors: sum((s) => s.errors), seconds: sum((s) => s.seconds), p50: pct(50), p99: pct(99) };
}

function events(n: number, tag: string): { body: string; headers: Record<string, string> }[] {
  return Array.from({ length: n }, (_, i) =>
    buildCallback(
      messageEvent({
        token: TOKEN,
        senderOpenId: `ou_rep${i % 50}`,
        text: `报备 张伟${i} 138${String(10_000_000 + i).slice(-8)} 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级`,
        messageId: `om_${tag}-${i}`,
      }),
      { verificationToken: TOKEN, encryptKey: ENCRYPT_KEY },
    ),
  );
}


async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5000);
  const concurrency = Number(process.argv[3] ?? 32);
  const name = `bench_webhook_${randomBytes(4).toString('hex')}`;
  const prefix = `benchwh${randomBytes(3).toString('hex')}`;
  const url = databaseUrl(name);
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const children: ChildProcess[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    await applyMigrations(url);
    const env = {
      DATABASE_URL: url,
      REDIS_URL: redisUrl(),
      BENCH_PREFIX: prefix,
      PLAYGROUND: 'off',
      FEISHU_APP_ID: 'cli_bench',
      FEISHU_APP_SECRET: 'unused',
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      // Nothing is sent during the run: no worker drains the Outbox here.
      FEISHU_BASE_URL: 'http://127.0.0.1:9',
    };
    const servers = { hello: await startChild('hello', env), app: await startChild('app', env) };
    children.push(servers.hello.child, servers.app.child);
    for (const role of ['hello', 'app'] as const) await fire(servers[role].port, events(WARMUP, `warm-${role}`), concurrency);
    // Alternating rounds, so a neighbour's load spike on this machine hits both targets alike.
    const samples: Record<Role, Sample[]> = { hello: [], app: [] };
    const perRound = Math.ceil(n / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const role of ['hello', 'app'] as const) {
        samples[role].push(await fire(servers[role].port, events(perRound, `run-${role}-${round}`), concurrency));
      }
    }
    const rows: [string, Result][] = [
      ['bare Hono hello-world (ceiling)', summarize(samples.hello)],
      ['Feishu webhook (verify + decrypt + INSERT + enqueue)', summarize(samples.app)],
    ];
    const stored = await withAdmin(async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const r = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM "InboundEvent" WHERE starts_with("eventKey", 'om_run-app-')`);
        return Number(r.rows[0]?.n ?? 0);
      } finally {
        await c.end();
      }
    });

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`Webhook acknowledgement, ${n} signed + encrypted im.message.receive_v1 events, ${concurrency} concurrent connections over loopback (${WARMUP} warm-up requests each not counted; ${ROUNDS} alternating rounds).`);
    const load = `load average ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after`;
    console.log(`${cpu}, ${os.cpus().length} cores, Node ${process.version}; PostgreSQL and Redis on the same machine; ${load}.\n`);
    console.log('| target | events | acked/s | p50 ms | p99 ms | non-200 |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [label, r] of rows) {
      console.log(`| ${label} | ${r.sent} | ${(r.acked / r.seconds).toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`);
    }
    console.log(`\nRows stored by the webhook run: ${stored} of ${rows[1]?.[1].acked ?? 0} acknowledged.`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await deleteKeys(prefix);
  }
}


const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) {
  const role = process.argv[serveAt + 1];
  if (role !== 'app' && role !== 'hello') throw new Error(`unknown role ${role}`);
  await serve(role);
} else {
  await main();
  process.exit(0);
}
