import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { orgsCommand } from '../../src/cli/orgs.js';
import { teamCommand, teamsCommand } from '../../src/cli/teams.js';
import { testDb } from '../helpers/db.js';
import { run, shop } from './helpers.js';

const { db } = await testDb();
const single = await testDb();

describe('orgs: every tenant the bot has seen', () => {
  it('lists platform, tenant key, name and id, and how many admins each has', async () => {
    const a = await shop(db, { name: '星光家居', platform: 'feishu' });
    await a.member('admin', '运营王经理', { role: 'admin' });
    const b = await shop(db, { name: '宏达汽车', platform: 'wecom' });
    const r = await run(db, orgsCommand, []);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^platform\s+tenantKey\s+name\s+id\s+teams\s+members\s+admins$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^feishu\\s+${a.tenantKey}\\s+星光家居\\s+${a.orgId}\\s+1\\s+1\\s+1$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^wecom\\s+${b.tenantKey}\\s+宏达汽车\\s+${b.orgId}\\s+1\\s+0\\s+0$`)));
  });

  it('lines up columns by display width, a Chinese character taking two cells', async () => {
    const c = await shop(db, { name: 'Acme Home' });
    const r = await run(db, orgsCommand, []);
    const lines = r.stdout.trimEnd().split('\n').slice(1);
    const ids = lines.map((line) => line.search(/ c[a-z0-9]{20,} /));
    const cells = lines.map((line, i) => stringWidth(line.slice(0, ids[i])));
    expect(lines.some((l) => l.includes(c.orgId))).toBe(true);
    expect(new Set(ids).size).toBeGreaterThan(1);
    expect(new Set(cells).size).toBe(1);
  });
});

describe('teams: each team with its group chat and member counts', () => {
  it('counts active and inactive members per team, and says who is in no team', async () => {
    const s = await shop(db, { teamName: '一组' });
    await db.team.update({ where: { id: s.teamId }, data: { groupChatId: 'oc_group1' } });
    await s.member('a', '张三');
    await s.member('b', '李四');
    await s.member('c', '离职的王五', { active: false });
    await s.member('d', '新来的赵六', { teamId: null });
    const r = await run(db, teamsCommand, ['--org', s.tenantKey]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id\s+name\s+groupChat\s+members\s+inactive\n/);
    expect(r.stdout).toMatch(new RegExp(`${s.teamId}\\s+一组\\s+oc_group1\\s+2\\s+1\\n`));
    expect(r.stdout).toMatch(/1 active member\(s\) in no team/);
  });

  it('an unknown --org is exit 1, saying so', async () => {
    const r = await run(db, teamsCommand, ['--org', 'no-such-tenant']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/no org no-such-tenant/);
  });
});

describe('team create: a new team in the org, by its admin', () => {
  it('creates the team and prints its id', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const r = await run(db, teamCommand, ['create', '滨江店', '--org', s.tenantKey]);
    expect(r.code).toBe(0);
    const created = await db.team.findFirstOrThrow({ where: { orgId: s.orgId, name: '滨江店' } });
    expect(r.stdout).toBe(`created team 滨江店 ${created.id}\n`);
    expect(created.policy).toEqual({});
  });

  it('with several orgs and no --org, asks which one', async () => {
    const r = await run(db, teamCommand, ['create', '滨江店']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/orgs: pick one with --org/);
  });

  it('without a name, or with a verb it does not know, is bad usage', async () => {
    expect((await run(db, teamCommand, ['rename', 'x'])).stderr).toMatch(/^expected: team create <name> \| team chat <team> <chatId\|none>\n/);
    const r = await run(db, teamCommand, ['create']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^missing <name>\nusage:\n {2}npm run --silent cli -- team create <name>/);
  });
});

describe('team chat: the group chat where a team’s rulings and digests go', () => {
  it('binds a chat, and none unbinds it', async () => {
    const s = await shop(db, { teamName: '一组' });
    await s.member('admin', '运营王经理', { role: 'admin' });
    expect(await run(db, teamCommand, ['chat', s.teamId, 'oc_sales1'])).toMatchObject({ code: 0, stdout: 'team 一组: group chat oc_sales1\n' });
    expect(await db.team.findUniqueOrThrow({ where: { id: s.teamId } })).toMatchObject({ groupChatId: 'oc_sales1' });
    expect(await run(db, teamCommand, ['chat', '一组', 'none', '--org', s.tenantKey])).toMatchObject({ code: 0, stdout: 'team 一组: group chat none\n' });
    expect(await db.team.findUniqueOrThrow({ where: { id: s.teamId } })).toMatchObject({ groupChatId: null });
  });

  it('refuses a chat another team of the org already has', async () => {
    const s = await shop(db, { teamName: '一组' });
    await s.member('admin', '运营王经理', { role: 'admin' });
    await db.team.update({ where: { id: s.teamId }, data: { groupChatId: 'oc_shared' } });
    const other = await db.team.create({ data: { orgId: s.orgId, name: '二组' } });
    const r = await run(db, teamCommand, ['chat', other.id, 'oc_shared']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/chat oc_shared is already team 一组's/);
    expect(await db.team.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ groupChatId: null });
  });

  it('an unknown team is exit 1', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const r = await run(db, teamCommand, ['chat', 'no-such-team', 'oc_x', '--org', s.tenantKey]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no team no-such-team/);
  });
});

describe('with a single org, --org may be left out', () => {
  it('team create goes to the only org', async () => {
    const s = await shop(single.db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const r = await run(single.db, teamCommand, ['create', '二组']);
    expect(r.code).toBe(0);
    expect(await single.db.team.count({ where: { orgId: s.orgId } })).toBe(2);
  });
});
