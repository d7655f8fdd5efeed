/**
 * The 看板 at scale: 200 teams, 2,000 reps, 1,000,000 leads and 400,000 follow-ups (plus 2,000,000
 * receptions once the Reception table exists) seeded with generate_series into a fresh database;
 * the rollups built from scratch; then every page API call timed (p50 / p95 over repeated
 * calls, in-process through the Hono app, so HTTP parsing and JSON are included) for an admin
 * (the org cube), a manager (a team's facts) and a rep, with one filter and with two; then the
 * refresh cost per changed lead. Run: npx tsx test/bench/dashboard.ts [leads]
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { rebuildDashboard, refreshDashboard } from '../../src/core/dashboard/refresh.js';
import { issueLink } from '../../src/core/dashboard/signIn.js';
import { createDb, type Db } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { dashboardRoutes } from '../../src/http/dashboard/routes.js';
import { databaseUrl, withAdmin } from '../helpers/pg.js';

const LEADS = Number(process.argv[2] ?? 1_000_000);
const FOLLOW_UPS = Math.round(LEADS * 0.4);
const RECEPTIONS = LEADS * 2;
const TEAMS = 200;
const REPS_PER_TEAM = 10;
const REPS = TEAMS * REPS_PER_TEAM;
const RUNS = 30;

const rows: [string, string][] = [];
const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number, d = 1) => n.toFixed(d);

const ADDRESSES = [
  '杭州市西湖区', '杭州市滨江区', '杭州市余杭区', '杭州市萧山区', '杭州市拱墅区', '杭州市上城区', '宁波市鄞州区', '宁波市海曙区',
  '上海市浦东新区', '上海市闵行区', '上海市徐汇区', '上海市静安区', '北京市朝阳区', '北京市海淀区', '北京市丰台区', '广州市天河区',
  '广州市白云区', '深圳市南山区', '深圳市福田区', '成都市武侯区', '成都市锦江区', '南京市鼓楼区', '苏州市吴中区', '武汉市洪山区',
  '望京花园', '万科城', '绿城小区', '',
];

async function seed(url: string): Promise<{ receptions: boolean }> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  const q = (sql: string) => c.query(sql);
  const NOW = `(now() AT TIME ZONE 'UTC')`;
  await q(`SET session_replication_role = replica`);
  const indexes = await c.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('Lead', 'FollowUp', 'LeadHistory') AND indexname NOT LIKE '%_pkey'`,
  );
  for (const ix of indexes.rows) await q(`DROP INDEX "${ix.indexname}"`);
  await q(`INSERT INTO "Org"(id, platform, "tenantKey", name) VALUES ('o1', 'feishu', 'tk_bench', '基准')`);
  await q(`INSERT INTO "Team"(id, "orgId", name) SELECT 't' || g, 'o1', '门店' || g FROM generate_series(0, ${TEAMS - 1}) g`);
  await q(`INSERT INTO "Member"(id, "orgId", "teamId", "platformUserId", name, role)
           SELECT 'm' || g, 'o1', 't' || (g / ${REPS_PER_TEAM}), 'ou_m' || g, '销售' || g, 'rep' FROM generate_series(0, ${REPS - 1}) g`);
  await q(`INSERT INTO "Member"(id, "orgId", "teamId", "platformUserId", name, role)
           SELECT 'mgr' || g, 'o1', 't' || g, 'ou_mgr' || g, '经理' || g, 'manager' FROM generate_series(0, ${TEAMS - 1}) g`);
  await q(`INSERT INTO "Member"(id, "orgId", "teamId", "platformUserId", name, role) VALUES ('admin', 'o1', 't0', 'ou_admin', '刘总', 'admin')`);
  const addresses = `ARRAY[${ADDRESSES.map((a) => `'${a}'`).join(',')}]`;
  await q(`
    INSERT INTO "Lead"(id, "orgId", "teamId", phone, name, address, product, source, store, level, status, "ownerId", "registeredById",
                       "registeredAt", "protectionUntil", "milestoneDeadline", "milestoneAt", "lastFollowUpAt", "nextFollowUpAt",
                       "followUpCount", "wonAt", "lostAt", "lostReason", "releasedAt", "updatedAt")
    SELECT 'l' || lpad(i::text, 7, '0'), 'o1', 't' || ((i % ${REPS}) / ${REPS_PER_TEAM}), '139' || lpad(i::text, 8, '0'), '客户' || i,
      (${addresses})[1 + (i * 7) % ${ADDRESSES.length}] || '某路' || (i % 300) || '号',
      '产品' || ((i * 13) % 20),
      (ARRAY['douyin','xiaohongshu','wechat','referral','walk_in','exhibition','web','phone_in','ad','existing_customer','other', NULL])[1 + (i * 3) % 12],
      '门店' || ((i % ${REPS}) / ${REPS_PER_TEAM}),
      (ARRAY['H','A','B','C'])[1 + (i * 5) % 4],
      st::"LeadStatus",
      CASE WHEN st IN ('released','expired') THEN NULL ELSE 'm' || (i % ${REPS}) END,
      'm' || (i % ${REPS}),
      reg,
      CASE WHEN open THEN ${NOW} + (((i % 12) - 1) || ' days')::interval END,
      CASE WHEN open THEN ${NOW} + (((i % 20) - 3) || ' days')::interval END,
      CASE WHEN st IN ('milestone','deposit','won') THEN reg + interval '3 days' END,
      CASE WHEN i % 5 < 2 THEN reg + interval '1 day' END,
      CASE WHEN open THEN ${NOW} + (((i % 11) - 5) || ' days')::interval END,
      CASE WHEN i % 5 < 2 THEN 1 ELSE 0 END,
      CASE WHEN st = 'won' THEN reg + interval '5 days' END,
      CASE WHEN st = 'lost' THEN reg + interval '4 days' END,
      CASE WHEN st = 'lost' THEN (ARRAY['价格太高','选择竞品','暂不需要','联系不上'])[1 + i % 4] END,
      CASE WHEN st IN ('released','expired') THEN reg + interval '10 days' END,
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
           SELECT 'f' || id, id, "registeredById", "lastFollowUpAt", '电话沟通' FROM "Lead" WHERE "lastFollowUpAt" IS NOT NULL LIMIT ${FOLLOW_UPS}`);
  await q(`INSERT INTO "LeadHistory"(id, "leadId", "orgId", "ownerId", status, "changeKind", "validFrom")
           SELECT 'h' || id, id, 'o1', "registeredById", status, 'register', "registeredAt" FROM "Lead"`);
  // One customer in ten came back: an earlier registration in the history (老客户).
  await q(`INSERT INTO "LeadHistory"(id, "leadId", "orgId", "ownerId", status, "changeKind", "validFrom", "validTo")
           SELECT 'h0' || id, id, 'o1', "registeredById", 'lost', 'register', "registeredAt" - interval '200 days', "registeredAt" - interval '100 days'
           FROM "Lead" WHERE right(id, 1) = '7'`);
  const hasReceptions = (await c.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Reception'`)).rowCount === 1;
  for (const ix of indexes.rows) await q(ix.indexdef);
  await q(`SET session_replication_role = origin`);
  await q('ANALYZE');
  await c.end();
  return { receptions: hasReceptions };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function cookieFor(app: ReturnType<typeof dashboardRoutes>, db: Db, memberId: string): Promise<string> {
  const { token } = await issueLink(db, memberId, new Date());
  const res = await app.request('/api/signin', { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json' } });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const CALLS = ['me', 'figures/summary', 'figures/trend', 'figures/channels', 'figures/location', 'figures/products', 'figures/stores', 'figures/teams', 'figures/funnel', 'figures/reps', 'figures/attention', 'leads'] as const;

async function main(): Promise<void> {
  const name = `bench_dashboard_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const db = createDb(url, 10);
  try {
    await applyMigrations(url);
    let t0 = performance.now();
    const seeded = await seed(url);
    const counts = await db.$queryRaw<{ leads: number; followups: number }[]>`
      SELECT (SELECT count(*) FROM "Lead")::int AS leads, (SELECT count(*) FROM "FollowUp")::int AS followups`;
    rows.push([
      'seed (generate_series, indexes built after)',
      `${counts[0]?.leads.toLocaleString('en')} leads, ${counts[0]?.followups.toLocaleString('en')} follow-ups, ${TEAMS} teams, ${REPS} reps in ${fmt(ms(t0) / 1000)} s` +
        (seeded.receptions ? '' : ` (no Reception table yet: the ${RECEPTIONS.toLocaleString('en')} receptions wait for it)`),
    ]);

    t0 = performance.now();
    const built = await rebuildDashboard(db);
    const cube = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "DashCube"`;
    rows.push(['rollups rebuilt from scratch', `${built.leads.toLocaleString('en')} leads → ${cube[0]?.n.toLocaleString('en')} cube rows in ${fmt(ms(t0) / 1000)} s`]);
    await db.$executeRawUnsafe('ANALYZE "DashLead"; ANALYZE "DashCube"; ANALYZE "DashFollow"');

    const app = dashboardRoutes({ db });
    const viewers: [string, string, string][] = [
      ['admin, whole org (cube)', 'admin', 'period=30d'],
      ['admin, one filter (cube)', 'admin', 'period=30d&online=online'],
      ['admin, two filters (facts)', 'admin', 'period=30d&online=online&level=A'],
      ['manager, team (facts)', 'mgr7', 'period=30d'],
      ['rep, own leads (facts)', 'm77', 'period=30d'],
    ];
    const table: string[] = [];
    const all: number[] = [];
    for (const [label, member, query] of viewers) {
      const cookie = await cookieFor(app, db, member);
      const cells: string[] = [];
      for (const call of CALLS) {
        const path = `/api/${call}?${query}`;
        const times: number[] = [];
        for (let i = 0; i < RUNS + 2; i++) {
          const t = performance.now();
          const res = await app.request(path, { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
          if (i >= 2) times.push(ms(t));
        }
        times.sort((a, b) => a - b);
        all.push(...times);
        cells.push(`${fmt(pct(times, 50), 0)} / ${fmt(pct(times, 95), 0)}`);
      }
      table.push(`| ${label} | ${cells.join(' | ')} |`);
    }
    // The CSV of a whole month's list at org scope: streamed, so time to the last byte.
    const adminCookie = await cookieFor(app, db, 'admin');
    t0 = performance.now();
    const csv = await app.request('/api/leads.csv?period=30d&dchannel=douyin', { headers: { cookie: adminCookie } });
    const bytes = (await csv.arrayBuffer()).byteLength;
    const csvLines = new TextDecoder().decode(new Uint8Array(await (await app.request('/api/leads.csv?period=7d&dstore=门店3', { headers: { cookie: adminCookie } })).arrayBuffer())).split('\r\n').length;
    rows.push(['CSV, a month of one channel, org-wide', `${(bytes / 1e6).toFixed(1)} MB in ${fmt(ms(t0) / 1000, 2)} s (a week of one store: ${csvLines - 2} rows)`]);

    for (const k of [1, 100, 1_000, 10_000]) {
      await db.$executeRaw`UPDATE "Lead" SET level = CASE level WHEN 'H' THEN 'A' ELSE 'H' END WHERE id IN (SELECT id FROM "Lead" ORDER BY md5(id) LIMIT ${k})`;
      t0 = performance.now();
      const r = await refreshDashboard(db);
      const took = ms(t0);
      rows.push([`refresh after ${k.toLocaleString('en')} changed lead${k === 1 ? '' : 's'}`, `${r.leads.toLocaleString('en')} leads in ${fmt(took)} ms = ${fmt(took / Math.max(1, r.leads), 2)} ms per lead`]);
    }
    t0 = performance.now();
    await refreshDashboard(db);
    rows.push(['refresh with nothing changed', `${fmt(ms(t0))} ms`]);

    all.sort((a, b) => a - b);
    console.log(`CPU: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}, PostgreSQL local\n`);
    console.log('| step | result |');
    console.log('|---|---|');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
    console.log(`\nPage API, p50 / p95 ms over ${RUNS} calls each (last 30 days; all ${all.length} calls: p50 ${fmt(pct(all, 50))}, p95 ${fmt(pct(all, 95))}, max ${fmt(all.at(-1) ?? 0)}):\n`);
    console.log(`| viewer | ${CALLS.join(' | ')} |`);
    console.log(`|---|${CALLS.map(() => '---:').join('|')}|`);
    for (const line of table) console.log(line);
  } finally {
    await db.$disconnect();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
