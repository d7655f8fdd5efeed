import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { issueLink } from '../../../src/core/dashboard/signIn.js';
import { log } from '../../../src/log.js';
import { DEMO_TEAM } from '../../../src/platforms/local/demo.js';
import { startBot, type RunningBot } from '../../../src/start.js';
import { testDb } from '../../helpers/db.js';
import { redisUrl } from '../../helpers/pg.js';
import { PERIOD, seedLeads } from './seed.js';

/**
 * The 看板 in Debian's Chromium against the real app: the manager asks for it in the playground's
 * chat and opens the link; the charts show the seeded numbers; a filter and a drill-down; the
 * sign-in rules as a browser meets them. Screenshots go to test/screenshots/ for the README.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT = 30_000;
const PHONE = { width: 390, height: 844 };

const { db, url } = await testDb();
const prefix = `dashboard-test-${randomBytes(4).toString('hex')}`;
let app: RunningBot;
let browser: Browser;
let chat: Page;
let profileDir: string;
let members: Record<'manager' | 'repA' | 'repB' | 'repC' | 'admin', string>;
const pages: Page[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  profileDir = await mkdtemp(path.join(tmpdir(), 'dashboard-chromium-'));
  const config = loadConfig({ DATABASE_URL: url, REDIS_URL: redisUrl(), PLAYGROUND: 'on', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: profileDir });
  app = await startBot({ config, log, port: 0, queuePrefix: prefix, sweepEveryMs: 0 });
  const team = await db.team.findFirstOrThrow({ where: { groupChatId: DEMO_TEAM.groupChatId } });
  const byName = async (name: string) => (await db.member.findFirstOrThrow({ where: { orgId: team.orgId, name } })).id;
  const team2 = await db.team.create({ data: { orgId: team.orgId, name: '城西店' } });
  const repC = await db.member.create({ data: { orgId: team.orgId, teamId: team2.id, platformUserId: 'zhao-liu', name: '赵六' } });
  const admin = await db.member.create({ data: { orgId: team.orgId, teamId: team.id, platformUserId: 'liu-zong', name: '刘总', role: 'admin' } });
  members = { manager: await byName('张经理'), repA: await byName('王小明'), repB: await byName('李娜'), repC: repC.id, admin: admin.id };
  await seedLeads(db, members);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  chat = await (await browser.newContext({ viewport: { width: 1120, height: 900 }, locale: 'zh-CN' })).newPage();
  pages.push(chat);
  await chat.goto(app.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  const redis = new Redis(redisUrl());
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await rm(profileDir, { recursive: true, force: true });
}, 60_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  await mkdir(path.join(ROOT, 'test-results'), { recursive: true });
  for (const [i, p] of pages.entries()) await p.screenshot({ path: path.join(ROOT, 'test-results', `dashboard-failed-${i}-${ctx.task.name.slice(0, 30)}.png`) }).catch(() => undefined);
});

async function phonePage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  pages.push(page);
  return { context, page };
}

async function linkFor(memberId: string, at = new Date()): Promise<string> {
  const { token } = await issueLink(db, memberId, at);
  return `${app.url}dashboard/signin?t=${token}`;
}

async function signedIn(page: Page): Promise<void> {
  await page.waitForSelector('body[data-signin="ok"]', { timeout: WAIT });
}

/** Opens the board for the seeded period and waits until every chart has answered. */
async function board(page: Page, extra: Record<string, string> = {}): Promise<void> {
  await page.goto(`${app.url}dashboard?${new URLSearchParams({ ...PERIOD, ...extra })}`);
  await settled(page);
}

async function settled(page: Page): Promise<void> {
  await page.waitForSelector('body[data-signin="ok"][data-loading="0"]', { timeout: WAIT });
}

async function values(page: Page, figure: string): Promise<unknown> {
  const raw = await page.locator(`[data-figure="${figure}"]`).getAttribute('data-values');
  return JSON.parse(raw ?? 'null');
}

describe('the manager asks for the 看板 in chat and opens it on a phone', () => {
  it('看板 answers with a card whose link signs 张经理 in to the team’s figures', async () => {
    await chat.click('[data-member="zhang-jingli"]');
    await chat.click('.tab[data-tab="dm"]');
    await chat.fill('#text', '看板');
    await chat.click('#send');
    const card = chat.locator('.msg[data-sender="bot"] .card', { hasText: '意向客户看板' }).last();
    await card.waitFor({ timeout: WAIT });
    const href = await card.locator('a.card-link').getAttribute('href');
    expect(href).toMatch(/\/dashboard\/signin\?t=[\w-]{40,}$/);

    const { page } = await phonePage();
    await page.goto(href ?? '');
    await signedIn(page);
    // The token is gone from the address bar.
    expect(page.url()).not.toContain('t=');
    await board(page);
    expect(await page.locator('#who').innerText()).toContain('张经理');
    // The team: four of the five customers.
    expect(await values(page, 'summary')).toMatchObject({ newLeads: 4, won: 1 });
    expect(await values(page, 'channels')).toEqual(expect.arrayContaining([['douyin', 1], ['walk_in', 1], ['xiaohongshu', 1], ['referral', 1]]));
    await page.screenshot({ path: path.join(ROOT, 'test/screenshots/dashboard-phone.png'), fullPage: false });

    // The same link a second time is refused, with what to do.
    const { page: again } = await phonePage();
    await again.goto(href ?? '');
    await again.waitForSelector('body[data-signin="used"]', { timeout: WAIT });
    expect(await again.locator('#message').innerText()).toContain('已经用过了');
  }, 90_000);
});

describe('the whole org, as an admin sees it', () => {
  let page: Page;
  beforeAll(async () => {
    const desktop = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
    page = await desktop.newPage();
    pages.push(page);
    await page.goto(await linkFor(members.admin));
    await signedIn(page);
    await board(page);
  }, 60_000);

  it('every chart shows the seeded numbers', async () => {
    expect(await values(page, 'summary')).toMatchObject({ newLeads: 5, won: 1, milestone: 1, conversionPct: 20, online: 3, onlinePct: 60 });
    expect(await values(page, 'trend')).toEqual([
      ['2026-11-20', 1, 1],
      ['2026-11-21', 1, 0],
      ['2026-11-22', 0, 1],
      ['2026-11-23', 1, 0],
      ['2026-11-24', 0, 0],
    ]);
    const channels = (await values(page, 'channels')) as [string, number][];
    expect(channels[0]).toEqual(['douyin', 2]);
    expect(channels.slice(1).sort()).toEqual([['referral', 1], ['walk_in', 1], ['xiaohongshu', 1]]);
    expect(await values(page, 'location')).toEqual([
      ['杭州市', '西湖区', 2],
      ['杭州市', '余杭区', 1],
      ['杭州市', '滨江区', 1],
      ['上海市', '浦东新区', 1],
    ]);
    expect(await values(page, 'products')).toEqual([['床垫 A1', 3], ['沙发 S2', 2]]);
    expect(await values(page, 'stores')).toEqual([['滨江店', 3, 1, 33.3], ['西湖店', 2, 0, 0]]);
    expect(await values(page, 'teams')).toEqual([[DEMO_TEAM.name, 4, 80], ['城西店', 1, 20]]);
    expect(await values(page, 'funnel')).toEqual([['新增', 5, null], ['跟进中', 2, 40], ['到店/上门', 1, 50], ['下定', 1, 100], ['成交', 1, 100]]);
    expect(JSON.parse((await page.locator('[data-figure="funnel"]').getAttribute('data-lost')) ?? '[]')).toEqual([['价格太高', 1]]);
    const reps = (await values(page, 'reps')) as [string, number, number, number, number][];
    // Won and lost are logged as follow-ups too.
    expect(reps.find((r) => r[0] === '王小明')).toEqual(['王小明', 2, 2, 1, 1]);
    expect(reps.find((r) => r[0] === '李娜')).toEqual(['李娜', 2, 1, 0, 0]);
    // Every open customer's follow-up date is in the past by now.
    expect(await values(page, 'attention')).toEqual([3, 0]);
    for (const figure of ['trend', 'channels', 'location', 'products', 'stores', 'teams', 'funnel']) {
      expect(await page.locator(`[data-figure="${figure}"] canvas`).count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: path.join(ROOT, 'test/screenshots/dashboard-desktop.png'), fullPage: true });
  }, 60_000);

  it('a filter change goes into the URL and the figures follow', async () => {
    await page.selectOption('select[name="channel"]', 'douyin');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('channel') === 'douyin');
    await settled(page);
    expect(await values(page, 'summary')).toMatchObject({ newLeads: 2, online: 2 });
    expect(await values(page, 'teams')).toEqual([[DEMO_TEAM.name, 1, 50], ['城西店', 1, 50]]);
    // The same URL opened afresh shows the same.
    await board(page, { channel: 'douyin', online: 'online', level: 'A' });
    expect(await values(page, 'summary')).toMatchObject({ newLeads: 0 });
    await board(page);
  }, 60_000);

  it('a day drills to its hours, a rep’s row to the masked list of their customers, and the list downloads', async () => {
    // A click on the trend's first day (where ECharts drew it) switches to that day by the hour.
    const box = await page.locator('[data-figure="trend"] .plot').boundingBox();
    const point = await page.evaluate(() => {
      const el = document.querySelector('[data-figure="trend"] .plot') as HTMLElement;
      const chart = (window as unknown as { echarts: { getInstanceByDom(e: HTMLElement): { convertToPixel(f: object, v: number[]): number[] } } }).echarts.getInstanceByDom(el);
      return chart.convertToPixel({ seriesIndex: 0 }, [0, 1]);
    });
    await page.mouse.click((box?.x ?? 0) + (point[0] ?? 0), (box?.y ?? 0) + (point[1] ?? 0));
    await page.waitForFunction(() => new URLSearchParams(location.search).get('gran') === 'hour');
    await settled(page);
    const hours = (await values(page, 'trend')) as [string, number, number][];
    expect(hours).toHaveLength(24);
    expect(hours.filter((h) => h[1] + h[2] > 0)).toEqual([['2026-11-20 10', 1, 0], ['2026-11-20 14', 0, 1]]);
    await board(page);

    await page.locator('[data-figure="reps"] tr', { hasText: '李娜' }).click();
    const list = page.locator('#list');
    await list.waitFor({ state: 'visible', timeout: WAIT });
    await page.waitForSelector('#list-table tbody tr');
    expect(await page.locator('#list-count').innerText()).toContain('共 2 位客户');
    const rows = await page.locator('#list-table tbody tr').allInnerTexts();
    expect(rows.join('\n')).toContain('139****1003');
    expect(rows.join('\n')).not.toContain('13900001003');
    // Registered 09:05 in Shanghai, shown so whatever the browser's own zone.
    expect(rows.join('\n')).toContain('2026/11/21 09:05:00');
    await page.screenshot({ path: path.join(ROOT, 'test/screenshots/dashboard-list.png') });
    const audited = await db.auditLog.count({ where: { actorId: members.admin, action: 'dashboard_list' } });
    expect(audited).toBeGreaterThan(0);

    const csvHref = await page.locator('#list-csv').getAttribute('href');
    const csv = await page.evaluate(async (href) => {
      const res = await fetch(href ?? '');
      return [...new Uint8Array(await res.arrayBuffer())];
    }, csvHref);
    expect(csv.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(new Uint8Array(csv.slice(3)));
    expect(text.trimEnd().split('\r\n')).toHaveLength(3);
    await page.click('#list-close');
  }, 60_000);
});

describe('what a browser cannot do', () => {
  it('an expired link is refused', async () => {
    const { page } = await phonePage();
    await page.goto(await linkFor(members.repA, new Date(Date.now() - 6 * 60_000)));
    await page.waitForSelector('body[data-signin="expired"]', { timeout: WAIT });
    expect(await page.locator('#message').innerText()).toContain('已过期');
  });

  it('another member’s cookie is refused once they are signed out or made inactive; without one there is no board', async () => {
    const { context, page } = await phonePage();
    await page.goto(await linkFor(members.repC));
    await signedIn(page);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'dash_session');
    expect(session?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain('dash_session');

    // The cookie carried into another browser still belongs to 赵六, and stops working with his account.
    const { context: other, page: stranger } = await phonePage();
    await other.addCookies(cookies);
    await stranger.goto(`${app.url}dashboard`);
    await signedIn(stranger);
    expect(await stranger.locator('#who').innerText()).toContain('赵六');
    await db.member.update({ where: { id: members.repC }, data: { active: false } });
    await stranger.reload();
    await stranger.waitForSelector('body[data-signin="none"]', { timeout: WAIT });
    await db.member.update({ where: { id: members.repC }, data: { active: true } });

    const { page: fresh } = await phonePage();
    await fresh.goto(`${app.url}dashboard`);
    await fresh.waitForSelector('body[data-signin="none"]', { timeout: WAIT });
    expect(await fresh.locator('#message').innerText()).toContain('看板');
  });

  it('a rep cannot see a colleague’s leads through the API', async () => {
    const { page } = await phonePage();
    await page.goto(await linkFor(members.repA));
    await signedIn(page);
    const answers = await page.evaluate(
      async ({ colleague, period }) => {
        const q = new URLSearchParams(period).toString();
        const status = async (p: string) => (await fetch(`/dashboard/api/${p}`)).status;
        const own = (await (await fetch(`/dashboard/api/leads?${q}`)).json()) as { rows: { owner: string }[] };
        return {
          list: await status(`leads?${q}&drep=${colleague}`),
          figures: await status(`figures/summary?${q}&rep=${colleague}`),
          csv: await status(`leads.csv?${q}&rep=${colleague}`),
          owners: [...new Set(own.rows.map((r) => r.owner))],
        };
      },
      { colleague: members.repB, period: PERIOD },
    );
    expect(answers).toEqual({ list: 403, figures: 403, csv: 403, owners: ['王小明'] });
  });
});
