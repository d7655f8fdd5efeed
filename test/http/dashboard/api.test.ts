import { beforeAll, describe, expect, it } from 'vitest';
import { issueLink } from '../../../src/core/dashboard/signIn.js';
import { dashboardRoutes } from '../../../src/http/dashboard/routes.js';
import { testDb } from '../../helpers/db.js';
import { world } from '../../core/fixtures.js';
import { PERIOD, seedLeads, type Seeded } from './seed.js';

/** The 看板's HTTP API as the page calls it: sign-in, scopes, lists, CSV. Real database, no browser. */
const { db } = await testDb();
let clock = new Date('2026-11-24T10:00:00Z');
const app = dashboardRoutes({ db, now: () => clock });
const q = new URLSearchParams(PERIOD).toString();

let ids: { admin: string; manager: string; repA: string; repB: string; repC: string };
let seeded: Seeded;

async function signIn(memberId: string): Promise<string> {
  const { token } = await issueLink(db, memberId, clock);
  const res = await app.request('/api/signin', { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  return cookie.split(';')[0] ?? '';
}

const get = (path: string, cookie: string) => app.request(path, { headers: { cookie } });

beforeAll(async () => {
  const w = await world(db);
  const team2 = await w.team('城西店');
  ids = {
    admin: await w.member('刘总', { role: 'admin' }),
    manager: await w.member('张经理', { role: 'manager' }),
    repA: await w.member('王小明'),
    repB: await w.member('李娜'),
    repC: await w.member('赵六', { teamId: team2 }),
  };
  seeded = await seedLeads(db, ids);
});

describe('sign-in: a one-time link, five minutes, one member, spent by a POST', () => {
  it('opening the link (GET, as a link preview does) spends nothing; the POST does, once', async () => {
    const { token } = await issueLink(db, ids.repA, clock);
    const preview = await app.request(`/signin?t=${token}`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('referrer-policy')).toBe('no-referrer');
    const post = () => app.request('/api/signin', { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json' } });
    expect((await post()).status).toBe(200);
    const again = await post();
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({ error: 'used' });
  });

  it('a link older than five minutes is refused, and an unknown one', async () => {
    const { token } = await issueLink(db, ids.repA, new Date(clock.getTime() - 5 * 60_000 - 1));
    const res = await app.request('/api/signin', { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json' } });
    expect(await res.json()).toEqual({ error: 'expired' });
    const forged = await app.request('/api/signin', { method: 'POST', body: JSON.stringify({ token: 'x'.repeat(43) }), headers: { 'content-type': 'application/json' } });
    expect(await forged.json()).toEqual({ error: 'unknown' });
  });

  it('the token is stored only as a hash, and the sign-in is audited', async () => {
    const { token } = await issueLink(db, ids.repB, clock);
    expect(await db.dashboardLink.count({ where: { tokenHash: token } })).toBe(0);
    await app.request('/api/signin', { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json' } });
    expect(await db.auditLog.count({ where: { actorId: ids.repB, action: 'dashboard_signin' } })).toBeGreaterThan(0);
  });

  it('nothing else signs in: no cookie, a made-up cookie, a signed-out or deactivated member’s cookie', async () => {
    expect((await app.request('/api/me')).status).toBe(401);
    expect((await get('/api/me', 'dash_session=made-up')).status).toBe(401);
    const cookie = await signIn(ids.repA);
    expect((await get('/api/me', cookie)).status).toBe(200);
    await app.request('/api/signout', { method: 'POST', headers: { cookie } });
    expect((await get('/api/me', cookie)).status).toBe(401);

    const leaver = await world(db).then((w) => w.member('离职的人'));
    const theirs = await signIn(leaver);
    await db.member.update({ where: { id: leaver }, data: { active: false } });
    expect((await get('/api/me', theirs)).status).toBe(401);
  });

  it('a session ends after twelve hours', async () => {
    const cookie = await signIn(ids.repA);
    const saved = clock;
    clock = new Date(clock.getTime() + 12 * 3_600_000 + 1);
    try {
      expect((await get('/api/me', cookie)).status).toBe(401);
    } finally {
      clock = saved;
    }
  });
});

describe('scopes are enforced on the server', () => {
  it('a rep sees only their own leads, and cannot ask for a colleague’s', async () => {
    const cookie = await signIn(ids.repA);
    const me = (await (await get('/api/me', cookie)).json()) as { scope: string; choices: { reps: { id: string }[] } };
    expect(me.scope).toBe('rep');
    expect(me.choices.reps.map((r) => r.id)).toEqual([ids.repA]);
    const mine = (await (await get(`/api/leads?${q}`, cookie)).json()) as { total: number; rows: { owner: string }[] };
    expect(mine.total).toBe(2);
    expect(new Set(mine.rows.map((r) => r.owner))).toEqual(new Set(['王小明']));
    for (const path of [`/api/leads?${q}&drep=${ids.repB}`, `/api/figures/summary?${q}&rep=${ids.repB}`, `/api/leads.csv?${q}&rep=${ids.repB}`]) {
      const res = await get(path, cookie);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe('out_of_scope');
    }
  });

  it('a manager sees the team and not another team; an admin sees the org', async () => {
    const manager = await signIn(ids.manager);
    const team = (await (await get(`/api/figures/summary?${q}`, manager)).json()) as { newLeads: number };
    expect(team.newLeads).toBe(4);
    const other = await db.member.findUniqueOrThrow({ where: { id: ids.repC } });
    expect((await get(`/api/figures/summary?${q}&team=${other.teamId}`, manager)).status).toBe(403);
    const admin = await signIn(ids.admin);
    expect(((await (await get(`/api/figures/summary?${q}`, admin)).json()) as { newLeads: number }).newLeads).toBe(5);
  });

  it('bad filters get a clear answer', async () => {
    const admin = await signIn(ids.admin);
    const res = await get('/api/figures/trend?period=custom&from=2026-11-24&to=2026-11-01', admin);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('开始日期不能晚于结束日期');
    const hourly = await get('/api/figures/trend?period=90d&gran=hour', admin);
    expect(((await hourly.json()) as { error: string }).error).toBe('hourly_too_long');
    expect((await get('/api/figures/nothing', admin)).status).toBe(404);
  });
});

describe('lists and CSV', () => {
  it('a drill-down lists the leads with masked phones and is audited', async () => {
    const admin = await signIn(ids.admin);
    const res = (await (await get(`/api/leads?${q}&product=${encodeURIComponent('床垫 A1')}`, admin)).json()) as { total: number; rows: { name: string; phone: string }[] };
    expect(res.total).toBe(3);
    expect(res.rows.map((r) => r.phone).sort()).toEqual(['139****1001', '139****1002', '139****1004']);
    const audit = await db.auditLog.findFirst({ where: { actorId: ids.admin, action: 'dashboard_list' }, orderBy: { at: 'desc' } });
    expect(audit?.detail).toMatchObject({ scope: 'org', drill: { product: '床垫 A1' }, total: 3 });
  });

  it('CSV opens in Excel: UTF-8 with BOM, CRLF, masked phones, no formula cells; audited with the row count', async () => {
    const admin = await signIn(ids.admin);
    const res = await get(`/api/leads.csv?${q}`, admin);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('客户,电话,销售,团队,门店,来源,级别,状态,意向产品,区域,报备时间');
    expect(lines).toHaveLength(6);
    expect(text).not.toContain(seeded.leads.a.phone);
    expect(text).toContain('139****1001');
    // The customer typed as "=冯女士" cannot become a formula.
    expect(text).toContain("'=冯女士");
    expect(text).toContain('2026-11-20 10:15');
    const audit = await db.auditLog.findFirst({ where: { actorId: ids.admin, action: 'dashboard_csv' }, orderBy: { at: 'desc' } });
    expect(audit?.detail).toMatchObject({ rows: 5 });
  });
});
