import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInbound } from '../../src/jobs/inbound/worker.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecomApi.js';
import { assembleForTest, type TestAssembly } from '../helpers/assembly.js';
import { countingDb } from '../helpers/countingDb.js';
import { testDb } from '../helpers/db.js';
import { WecomDriver } from '../platforms/wecom/driver.js';

/**
 * What one registration and one ruling click cost in SQL statements, through the production
 * assembly on WeCom (whose card callback must be answered within 5 s). Every statement counts,
 * BEGIN and COMMIT included. The budgets are the measured counts: a change that makes either
 * step talk to the database more often fails here, and says by how much.
 */
const REGISTRATION_BUDGET = 35;
const RULING_CLICK_BUDGET = 56;

const CORP_ID = 'ww_sql_corp';
const TOKEN = 'sqlToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const AGENT_ID = '1000009';

const { url } = await testDb();
const counting = countingDb(url);
const db = counting.db;
let fake: FakeWecom;
let assembly: TestAssembly;
let now = new Date('2026-11-24T02:00:00.000Z');
let wecom: WecomDriver;

beforeAll(async () => {
  const rep = { department: [2], main_department: 2, direct_leader: ['wangjl'] };
  fake = await startFakeWecom({
    corpId: CORP_ID,
    secret: 'sql-secret',
    users: { zhangsan: { name: '张三', ...rep }, lisi: { name: '李四', ...rep }, wangjl: { name: '王经理', department: [2] }, boss: { name: '赵总', department: [1] } },
    departments: { 1: '总部', 2: '销售一部' },
  });
  assembly = await assembleForTest(
    db,
    { WECOM_CORP_ID: CORP_ID, WECOM_AGENT_ID: AGENT_ID, WECOM_SECRET: 'sql-secret', WECOM_TOKEN: TOKEN, WECOM_AES_KEY: AES_KEY, WECOM_BASE_URL: fake.url, ADMIN_USER_IDS: 'boss' },
    // Nothing runs in the background while a step is counted: no workers, no repair rounds.
    { now: () => now, jobs: { workers: false, manualTimers: true }, inbound: { worker: false, repairEveryMs: 3_600_000 } },
  );
  const client = assembly.clients.wecom;
  if (!client) throw new Error('WeCom is configured, the assembly has its client');
  wecom = new WecomDriver({ db, pipeline: assembly.pipeline, client, fake, app: assembly.app, corpId: CORP_ID, token: TOKEN, aesKey: AES_KEY, agentId: AGENT_ID, now: () => now });
  for (const who of ['boss', 'wangjl', 'zhangsan', 'lisi']) await wecom.say(who, '帮助');
  await wecom.say('boss', '设为经理 王经理');
});
afterAll(async () => {
  await assembly.stop();
  await fake.close();
  await counting.close();
});

const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

describe('one registration: callback stored, then the message worker', () => {
  it(`costs at most ${REGISTRATION_BUDGET} statements`, async () => {
    advance(1);
    const statements = await counting.statements(async () => {
      await wecom.post(wecom.textXml('zhangsan', '报备 张伟 13812345678 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级'));
      const row = await db.inboundEvent.findFirstOrThrow({ where: { status: 'pending' } });
      await processInbound({ db, pipeline: assembly.pipeline, clients: assembly.clients, now: () => now }, row.id);
    });
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('张三');
    console.info(`registration: ${statements.length} SQL statements`);
    expect(statements.length).toBeLessThanOrEqual(REGISTRATION_BUDGET);
  });
});

describe('one ruling click: the manager transfers the lead from the private ruling card', () => {
  it(`costs at most ${RULING_CLICK_BUDGET} statements, answered inline`, async () => {
    await wecom.runWorkers();
    advance(5);
    await wecom.say('lisi', '报备 张伟 13812345678 朝阳区 床垫 朋友介绍');
    await wecom.click('lisi', wecom.lastCardFor('lisi'), '申请裁决');
    const card = wecom.lastCardFor('wangjl');
    const button = card.template_card.button_list?.find((b) => b.text === '转给申请人');
    if (!button || !card.template_card.task_id) throw new Error('the manager has no ruling card');
    const xml = wecom.clickXml('wangjl', button.key, card.template_card.task_id, fake.issueResponseCode());
    advance(1);
    const statements = await counting.statements(async () => {
      expect((await wecom.post(xml)).status).toBe(200);
    });
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('李四');
    console.info(`ruling click: ${statements.length} SQL statements`);
    expect(statements.length).toBeLessThanOrEqual(RULING_CLICK_BUDGET);
  });
});
