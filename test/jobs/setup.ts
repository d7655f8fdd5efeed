import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import type { AssembleOverrides } from '../../src/assemble.js';
import type { Jobs } from '../../src/jobs/index.js';
import type { FeishuClient } from '../../src/platforms/feishu/client.js';
import type { Db } from '../../src/db/client.js';
import { startFeishuFake, type FeishuFake } from '../fakes/feishuApi.js';
import { assembleForTest, deleteKeys, type TestAssembly } from '../helpers/assembly.js';
import { testDb } from '../helpers/db.js';
import { redisUrl } from '../helpers/pg.js';

/** A moved clock: tests set it, the jobs read it. */
export class Clock {
  constructor(public at: Date) {}
  readonly now = (): Date => this.at;
  set(iso: string): Date {
    this.at = new Date(iso);
    return this.at;
  }
}

export interface World {
  db: Db;
  fake: FeishuFake;
  client: FeishuClient;
  clock: Clock;
  prefix: string;
  redis: Redis;
  org: { id: string; tenantKey: string };
  team: { id: string };
  rep: { id: string; openId: string };
  rep2: { id: string; openId: string };
  manager: { id: string; openId: string };
  jobs: Jobs;
  /** Stops the process and assembles a fresh one on the same Redis and database (a restart). */
  restart(): Promise<Jobs>;
  /** Deletes every key under this file's prefix: the Redis-was-flushed scenario, without touching other files. */
  flushRedis(): Promise<void>;
}

/**
 * A Feishu org with one team (group chat oc_team), two reps and a manager, a fake Feishu, and
 * the process as production assembles it, its timers run by hand on the test's clock.
 */
export async function world(opts: { start: string; policy?: object; jobs?: AssembleOverrides['jobs'] }): Promise<World> {
  const { db } = await testDb();
  const fake = await startFeishuFake();
  const clock = new Clock(new Date(opts.start));
  const prefix = `jt${randomBytes(4).toString('hex')}`;
  const redis = new Redis(redisUrl());
  const org = await db.org.create({ data: { platform: 'feishu', tenantKey: 'tk_jobs', name: '星河汽车' } });
  const team = await db.team.create({ data: { orgId: org.id, name: '销售一组', groupChatId: 'oc_team', policy: opts.policy ?? {} } });
  const member = (platformUserId: string, name: string, role: 'rep' | 'manager') =>
    db.member.create({ data: { orgId: org.id, teamId: team.id, platformUserId, name, role } });
  const [rep, rep2, manager] = await Promise.all([member('ou_rep1', '王五', 'rep'), member('ou_rep2', '赵六', 'rep'), member('ou_mgr', '李经理', 'manager')]);
  const start = () =>
    assembleForTest(
      db,
      { FEISHU_APP_ID: fake.appId, FEISHU_APP_SECRET: fake.appSecret, FEISHU_VERIFICATION_TOKEN: 'v-token-jobs', FEISHU_BASE_URL: fake.url },
      {
        now: clock.now,
        queuePrefix: prefix,
        clients: { feishu: { timeoutMs: 3000 } },
        jobs: { manualTimers: true, retry: { baseDelayMs: 20, maxDelayMs: 200, attempts: 4 }, ...opts.jobs },
      },
    );
  let assembly: TestAssembly = await start();
  const client = assembly.clients.feishu;
  if (!client) throw new Error('Feishu is configured, the assembly has its client');
  const w: World = {
    db,
    fake,
    client,
    clock,
    prefix,
    redis,
    org: { id: org.id, tenantKey: org.tenantKey },
    team: { id: team.id },
    rep: { id: rep.id, openId: rep.platformUserId },
    rep2: { id: rep2.id, openId: rep2.platformUserId },
    manager: { id: manager.id, openId: manager.platformUserId },
    jobs: assembly.jobs,
    async restart() {
      await assembly.exit();
      assembly = await start();
      w.jobs = assembly.jobs;
      return w.jobs;
    },
    flushRedis: () => deleteKeys(prefix),
  };
  afterAll(async () => {
    await assembly.stop();
    redis.disconnect();
    await fake.close();
  });
  return w;
}

/** Waits until the outbox row with this key leaves `pending` and returns it. */
export async function settled(db: Db, dedupeKey: string, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.outboundMessage.findUnique({ where: { dedupeKey } });
    if (row && row.status !== 'pending') return row;
    if (Date.now() > until) throw new Error(`outbox row ${dedupeKey} still ${row?.status ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
