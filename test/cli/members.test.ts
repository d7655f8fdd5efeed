import { describe, expect, it } from 'vitest';
import { memberCommand, membersCommand } from '../../src/cli/members.js';
import { testDb } from '../helpers/db.js';
import { run, shop } from './helpers.js';

const { db } = await testDb();

async function row(id: string) {
  return db.member.findUniqueOrThrow({ where: { id } });
}

describe('members: who the bot knows, with what an admin can change', () => {
  it('lists name, platform user id, role, team, store staff and active', async () => {
    const s = await shop(db, { teamName: '一组' });
    const admin = await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    await db.member.update({ where: { id: rep.id }, data: { isStoreStaff: true } });
    const gone = await s.member('gone', '王五', { active: false, teamId: null });
    const r = await run(db, membersCommand, ['--org', s.tenantKey]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^name\s+platformUserId\s+role\s+team\s+staff\s+active$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^运营王经理\\s+${admin.platformUserId}\\s+admin\\s+一组\\s+off\\s+on$`)),
      expect.stringMatching(new RegExp(`^张三\\s+${rep.platformUserId}\\s+rep\\s+一组\\s+on\\s+on$`)),
      expect.stringMatching(new RegExp(`^王五\\s+${gone.platformUserId}\\s+rep\\s+-\\s+off\\s+off$`)),
    ]);
  });

  it('--team lists one team', async () => {
    const s = await shop(db, { teamName: '一组' });
    const two = await db.team.create({ data: { orgId: s.orgId, name: '二组' } });
    await s.member('a', '张三');
    await s.member('b', '李四', { teamId: two.id });
    const r = await run(db, membersCommand, ['--team', two.id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/李四/);
    expect(r.stdout).not.toMatch(/张三/);
  });
});

describe('member <who> role: made rep, manager or admin by the org’s admin', () => {
  it('by platform user id, printing the member as they now are', async () => {
    const s = await shop(db, { teamName: '一组' });
    const admin = await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    const r = await run(db, memberCommand, [rep.platformUserId, 'role', 'manager']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `张三 (${rep.platformUserId}): role manager, team 一组, staff off, active on\n` });
    expect(await row(rep.id)).toMatchObject({ role: 'manager' });
    expect(await db.auditLog.findMany({ where: { orgId: s.orgId } })).toMatchObject([{ action: 'role', actorId: admin.id, detail: { memberId: rep.id, role: 'manager' } }]);
  });

  it('by name within --org', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    expect((await run(db, memberCommand, ['张三', 'role', 'admin', '--org', s.tenantKey])).code).toBe(0);
    expect(await row(rep.id)).toMatchObject({ role: 'admin' });
  });

  it('a name two members share is refused, listing their platform user ids', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const a = await s.member('a', '张伟');
    const b = await s.member('b', '张伟');
    const r = await run(db, memberCommand, ['张伟', 'role', 'manager', '--org', s.tenantKey]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`2 members are named 张伟: use the platform user id \\(${a.platformUserId}, ${b.platformUserId}\\)`));
    expect(await row(a.id)).toMatchObject({ role: 'rep' });
  });

  it('a role that is not rep, manager or admin is bad usage', async () => {
    const r = await run(db, memberCommand, ['张三', 'role', 'boss']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^role is rep, manager, admin or group_manager\nusage:/);
  });
});

describe('member <who> team: moved to another team of the org', () => {
  it('by team id or name, and none takes them out of every team', async () => {
    const s = await shop(db, { teamName: '一组' });
    await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    const two = await db.team.create({ data: { orgId: s.orgId, name: '二组' } });
    expect((await run(db, memberCommand, [rep.platformUserId, 'team', two.id])).stdout).toMatch(/team 二组/);
    expect(await row(rep.id)).toMatchObject({ teamId: two.id });
    expect((await run(db, memberCommand, [rep.platformUserId, 'team', '一组'])).code).toBe(0);
    expect(await row(rep.id)).toMatchObject({ teamId: s.teamId });
    expect((await run(db, memberCommand, [rep.platformUserId, 'team', 'none'])).stdout).toMatch(/team -,/);
    expect(await row(rep.id)).toMatchObject({ teamId: null });
  });

  it('not to a team of another org', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    const elsewhere = await shop(db);
    const r = await run(db, memberCommand, [rep.platformUserId, 'team', elsewhere.teamId]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not in org/);
    expect(await row(rep.id)).toMatchObject({ teamId: s.teamId });
  });
});

describe('member <who> staff: store staff (导购) are exempt from the monthly quota', () => {
  it('on and off', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    expect((await run(db, memberCommand, [rep.platformUserId, 'staff', 'on'])).stdout).toMatch(/staff on/);
    expect(await row(rep.id)).toMatchObject({ isStoreStaff: true });
    expect((await run(db, memberCommand, [rep.platformUserId, 'staff', 'off'])).code).toBe(0);
    expect(await row(rep.id)).toMatchObject({ isStoreStaff: false });
  });

  it('anything but on or off is bad usage', async () => {
    const r = await run(db, memberCommand, ['张三', 'staff', 'yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^staff takes on or off/);
  });
});

describe('member <who> active: someone who left no longer uses the bot', () => {
  it('off, and on again', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    expect((await run(db, memberCommand, [rep.platformUserId, 'active', 'off'])).stdout).toMatch(/active off/);
    expect(await row(rep.id)).toMatchObject({ active: false });
    expect((await run(db, memberCommand, [rep.platformUserId, 'active', 'on'])).code).toBe(0);
    expect(await row(rep.id)).toMatchObject({ active: true });
  });
});

describe('member usage', () => {
  it('an unknown change, or a missing value, is exit 2 with the usage', async () => {
    for (const args of [['张三', 'fire', 'now'], ['张三', 'role'], ['张三']]) {
      const r = await run(db, memberCommand, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage:\n {2}npm run --silent cli -- member <who> role/);
    }
  });

  it('someone the bot has never seen is exit 1', async () => {
    const r = await run(db, memberCommand, ['ou_nobody', 'role', 'manager']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no member ou_nobody in any org/);
  });
});
