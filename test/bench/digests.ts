/**
 * Digest generation and sending at scale: 200 teams, 2,000 reps, 1,000,000 leads seeded with
 * generate_series into a fresh database, then every digest built (rep morning, manager day,
 * week, month), then the send rate the outbound queue achieves under the Feishu limits against
 * a local fake Open API (loopback only). Run: npx tsx test/bench/digests.ts [leads]
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { buildManagerDigest, buildRepDigest } from '../../src/core/digests/build.js';
import { assemble } from '../../src/assemble.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { startFeishuFake } from '../fakes/feishuApi.js';
import { deleteKeys } from '../helpers/assembly.js';
import { databaseUrl, redisUrl, withAdmin } from '../helpers/pg.js';

const LEADS = Number(process.argv[2] ?? 1_000_000);
const TEAMS = 200;
const REPS_PER_TEAM = 10;
const REPS = TEAMS * REPS_PER_TEAM;
const SENDS = 900;
const ONE_CHAT_SENDS = 40;

const rows: [string, string][] = [];
const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number, d = 1) => n.toFixed(d);


async function seed(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  const q = (sql: string) => c.query(sql);
  // Timestamps are stored as UTC without a zone; "now" in that form:
  const NOW = `(now() AT TIME ZONE 'UTC')`;
  // A bulk load: skip foreign-key triggers and build the secondary indexes once at the end.
  await q(`SET session_replication_role = replica`);
  const indexes = await c.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('Lead', 'FollowUp', 'LeadHistory') AND indexname NOT LIKE '%_pkey'`,
  );
  for (const ix of indexes.rows) await q(`DROP INDEX "${ix.indexname}"`);
  await q(`INSERT INTO "Org"(id, platform, "tenantKey", name) VALUES ('o1', 'feishu', 'tk_bench', '基准')`);
  await q(`INSERT INTO "Team"(id, "orgId", name, "groupChatId") SELECT 't' || g, 'o1', '门店' || g, 'oc_' || g FROM generate_series(0, ${TEAMS - 1}) g`);
  await q(`INSERT INTO "Member"(id, "orgId", "teamId", "platformUserId", name, role)
           SELECT 'm' || g, 'o1', 't' || (g / ${REPS_PER_TEAM}), 'ou_m' || g, '销售' || g, 'rep' FROM generate_series(0, ${REPS - 1}) g`);
  await q(`INSERT INTO "Member"(id, "orgId", "teamId", "platformUserId", name, role)
           SELECT 'mgr' || g, 'o1', 't' || g, 'ou_mgr' || g, '经理' || g, 'manager' FROM generate_series(0, ${TEAMS - 1}) g`);
  await q(`
    INSERT INTO "Lead"(id, "orgId", "teamId", phone, name, product, source, level, status, "ownerId", "registeredById",
                       "registeredAt", "firstContactAt", "protectionUntil", "milestoneDeadline", "milestoneAt",
                       "lastFollowUpAt", "nextFollowUpAt", "followUpCount", "wonAt", "lostAt", "lostReason", "releasedAt", "updatedAt")
    SELECT 'l' || i, 'o1', 't' || ((i % ${REPS}) / ${REPS_PER_TEAM}), '139' || lpad(i::text, 8, '0'), '客户' || i,
      (ARRAY['星河 S7','星河 S9','床垫 A1','三居室'])[1 + i % 4],
      (ARRAY['douyin','xiaohongshu','wechat','referral','walk_in','exhibition','web','phone_in','ad','existing_customer','other'])[1 + i % 11],
      (ARRAY['H','A','B','C'])[1 + i % 4],
      st::"LeadStatus",
      CASE WHEN st IN ('released','expired') THEN NULL ELSE 'm' || (i % ${REPS}) END,
      'm' || (i % ${REPS}),
      reg, reg - ((i % 5) || ' hours')::interval,
      CASE WHEN open THEN ${NOW} + (((i % 12) - 1) || ' days')::interval + ((i % 24) || ' hours')::interval END,
      CASE WHEN open THEN ${NOW} + (((i % 20) - 3) || ' days')::interval END,
      CASE WHEN st IN ('milestone','deposit') THEN reg + interval '3 days' END,
      CASE WHEN i % 5 < 2 THEN ${NOW} - ((i % 14) || ' days')::interval END,
      CASE WHEN open THEN ${NOW} + (((i % 11) - 5) || ' days')::interval + ((i % 10) || ' hours')::interval END,
      i % 6,
      CASE WHEN st = 'won' THEN ${NOW} - ((i % 40) || ' days')::interval - ((i % 9) || ' hours')::interval END,
      CASE WHEN st = 'lost' THEN ${NOW} - ((i % 40) || ' days')::interval - ((i % 7) || ' hours')::interval END,
      CASE WHEN st = 'lost' THEN (ARRAY['价格太高','选择竞品','暂不需要','联系不上'])[1 + i % 4] END,
      CASE WHEN st IN ('released','expired') THEN ${NOW} - ((i % 20) || ' days')::interval END,
      ${NOW}
    FROM (
      SELECT i, s AS st, s IN ('new','following','milestone','deposit') AS open,
             ${NOW} - ((i % 90) || ' days')::interval - (((i * 37) % 1440) || ' minutes')::interval AS reg
      FROM (
        SELECT i, CASE WHEN r < 55 THEN 'following' WHEN r < 60 THEN 'new' WHEN r < 65 THEN 'milestone' WHEN r < 68 THEN 'deposit'
                       WHEN r < 78 THEN 'won' WHEN r < 88 THEN 'lost' WHEN r < 95 THEN 'released' ELSE 'expired' END AS s
        FROM (SELECT i, ((i::bigint * 7919) % 100)::int AS r FROM generate_series(0, ${LEADS - 1}) i) a
      ) b
    ) x`);
  await q(`INSERT INTO "FollowUp"(id, "leadId", "memberId", at, content)
           SELECT 'f' || id, id, "registeredById", "lastFollowUpAt", '电话沟通' FROM "Lead" WHERE "lastFollowUpAt" IS NOT NULL`);
  await q(`INSERT INTO "LeadHistory"(id, "leadId", "orgId", "ownerId", status, "changeKind", "validFrom")
           SELECT 'h' || id, id, 'o1', "registeredById", status, 'register', "registeredAt" FROM "Lead"
           WHERE "registeredAt" >= ${NOW} - interval '31 days'`);
  for (const ix of indexes.rows) await q(ix.indexdef);
  await q(`SET session_replication_role = origin`);
  await q('ANALYZE');
  await c.end();
}

async function pool<T>(items: readonly T[], concurrency: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timeAll(label: string, ids: readonly string[], build: (id: string) => Promise<unknown>): Promise<void> {
  const each: number[] = [];
  const t0 = performance.now();
  await pool(ids, 8, async (id) => {
    const t = performance.now();
    const d = await build(id);
    if (!d) throw new Error(`no digest for ${id}`);
    each.push(ms(t));
  });
  const total = ms(t0);
  each.sort((a, b) => a - b);
  rows.push([label, `${ids.length} in ${fmt(total / 1000, 2)} s (p50 ${fmt(pct(each, 50))} ms, p95 ${fmt(pct(each, 95))} ms per digest, 8 at a time)`]);
}

async function main(): Promise<void> {
  const name = `bench_digests_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const db = createDb(url, 10);
  const fake = await startFeishuFake();
  let stop: (() => Promise<void>) | undefined;
  try {
    await applyMigrations(url);
    let t0 = performance.now();
    await seed(url);
    const counts = await db.$queryRaw<{ leads: number; followups: number }[]>`
      SELECT (SELECT count(*) FROM "Lead")::int AS leads, (SELECT count(*) FROM "FollowUp")::int AS followups`;
    rows.push(['seed (generate_series, indexes built after)', `${counts[0]?.leads} leads, ${counts[0]?.followups} follow-ups, ${TEAMS} teams, ${REPS} reps in ${fmt(ms(t0) / 1000)} s`]);

    const now = new Date();
    const reps = Array.from({ length: REPS }, (_, i) => `m${i}`);
    const teams = Array.from({ length: TEAMS }, (_, i) => `t${i}`);
    t0 = performance.now();
    await timeAll('rep morning digests', reps, (id) => buildRepDigest(db, id, now));
    await timeAll('manager day digests', teams, (id) => buildManagerDigest(db, id, now, 'day'));
    await timeAll('manager weekly roll-ups', teams, (id) => buildManagerDigest(db, id, now, 'week'));
    await timeAll('manager monthly roll-ups', teams, (id) => buildManagerDigest(db, id, now, 'month'));
    rows.push(['all digests (numbers + cards)', `${REPS + 3 * TEAMS} in ${fmt(ms(t0) / 1000, 2)} s`]);

    // Sending: the production assembly's Outbox and Feishu client against the local fake, default
    // limits (45/s per app, 5/s per chat). No sweep or timers: only the sends are measured.
    const prefix = `bench${randomBytes(3).toString('hex')}`;
    const config = loadConfig({
      DATABASE_URL: url,
      REDIS_URL: redisUrl(),
      PLAYGROUND: 'off',
      LOG_LEVEL: 'error',
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_VERIFICATION_TOKEN: 'bench-token',
      FEISHU_BASE_URL: fake.url,
    });
    const assembly = await assemble(config, { db, queuePrefix: prefix, clients: { feishu: { timeoutMs: 5000 } }, jobs: { sweepEveryMs: 0, manualTimers: true } });
    const { jobs } = assembly;
    stop = async () => {
      await assembly.stop();
      await deleteKeys(prefix);
    };
    const card = (await buildRepDigest(db, 'm1', now))?.card;
    t0 = performance.now();
    await jobs.outbox.enqueue(
      'feishu',
      'tk_bench',
      Array.from({ length: SENDS }, (_, i) => ({ to: { kind: 'user' as const, userId: `ou_m${i}` }, ...(card ? { card } : {}), dedupeKey: `bench-user-${i}` })),
    );
    await fake.waitForSent(SENDS, 120_000);
    const appRate = SENDS / (ms(t0) / 1000);
    rows.push(['send rate, distinct users (limit 45/s per app)', `${SENDS} cards in ${fmt(ms(t0) / 1000, 2)} s = ${fmt(appRate)} msg/s`]);
    t0 = performance.now();
    await jobs.outbox.enqueue(
      'feishu',
      'tk_bench',
      Array.from({ length: ONE_CHAT_SENDS }, (_, i) => ({ to: { kind: 'chat' as const, chatId: 'oc_0' }, text: `第${i}条`, dedupeKey: `bench-chat-${i}` })),
    );
    await fake.waitForSent(SENDS + ONE_CHAT_SENDS, 120_000);
    rows.push(['send rate, one group chat (limit 5/s per chat)', `${ONE_CHAT_SENDS} messages in ${fmt(ms(t0) / 1000, 2)} s = ${fmt(ONE_CHAT_SENDS / (ms(t0) / 1000))} msg/s`]);
    const burst = fake.requests.filter((r) => r.path === '/open-apis/im/v1/messages').length;
    rows.push(['platform calls', `${burst} message calls for ${SENDS + ONE_CHAT_SENDS} messages (no 429 from the fake)`]);
  } finally {
    await stop?.();
    await fake.close();
    await db.$disconnect();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
  console.log(`CPU: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}, PostgreSQL local, Redis local\n`);
  console.log('| step | result |');
  console.log('|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
