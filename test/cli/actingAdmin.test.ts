import { describe, expect, it } from 'vitest';
import { memberCommand } from '../../src/cli/members.js';
import { teamCommand } from '../../src/cli/teams.js';
import { testDb } from '../helpers/db.js';
import { run, shop } from './helpers.js';

const { db } = await testDb();

describe('the server-side CLI acts as one of the org’s admins, so every change is an admin’s and on record', () => {
  it('without --as, the org’s first active admin', async () => {
    const s = await shop(db);
    await s.member('old', '前运营', { role: 'admin', active: false });
    const admin = await s.member('admin', '运营王经理', { role: 'admin' });
    await s.member('second', '运营李', { role: 'admin' });
    const r = await run(db, teamCommand, ['create', '二组', '--org', s.tenantKey]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(await db.auditLog.findMany({ where: { orgId: s.orgId } })).toMatchObject([{ action: 'team', actorId: admin.id }]);
  });

  it('with --as, the admin named', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const second = await s.member('second', '运营李', { role: 'admin' });
    const r = await run(db, teamCommand, ['create', '二组', '--org', s.tenantKey, '--as', second.platformUserId]);
    expect(r.code).toBe(0);
    expect(await db.auditLog.findMany({ where: { orgId: s.orgId } })).toMatchObject([{ action: 'team', actorId: second.id }]);
  });

  it('--as a member who is not an admin, while the org has admins, is refused and names the admins', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const rep = await s.member('rep', '张三');
    const r = await run(db, memberCommand, [rep.platformUserId, 'role', 'manager', '--as', rep.platformUserId]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/张三 .* is not an admin; the admins are 运营王经理/);
    expect(await db.member.findUniqueOrThrow({ where: { id: rep.id } })).toMatchObject({ role: 'rep' });
    expect(await db.team.count({ where: { orgId: s.orgId } })).toBe(1);
  });
});

describe('an org without an admin: the CLI refuses and says how to get one', () => {
  it('points to ADMIN_USER_IDS (and writing to the bot once) or --as, and changes nothing', async () => {
    const s = await shop(db);
    const rep = await s.member('rep', '张三');
    const r = await run(db, memberCommand, [rep.platformUserId, 'staff', 'on', '--org', s.tenantKey]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no admin: add the admin's platform user id to ADMIN_USER_IDS in \.env.*write to it once.*--as <platformUserId>/);
    expect(await db.member.findUniqueOrThrow({ where: { id: rep.id } })).toMatchObject({ isStoreStaff: false });
  });

  it('--as <platformUserId> makes that member its first admin, on record, and the change goes through', async () => {
    const s = await shop(db);
    const boss = await s.member('boss', '陈总');
    const rep = await s.member('rep', '张三');
    const r = await run(db, memberCommand, [rep.platformUserId, 'staff', 'on', '--as', boss.platformUserId]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/陈总 .* is now the org's first admin/);
    expect(await db.member.findUniqueOrThrow({ where: { id: boss.id } })).toMatchObject({ role: 'admin' });
    expect(await db.member.findUniqueOrThrow({ where: { id: rep.id } })).toMatchObject({ isStoreStaff: true });
    const log = await db.auditLog.findMany({ where: { orgId: s.orgId }, orderBy: { id: 'asc' } });
    expect(log).toHaveLength(2);
    expect(log).toContainEqual(expect.objectContaining({ action: 'role', actorId: null, detail: expect.objectContaining({ memberId: boss.id, role: 'admin', via: 'server-cli' }) }));
    expect(log).toContainEqual(expect.objectContaining({ action: 'role', actorId: boss.id, detail: expect.objectContaining({ memberId: rep.id, isStoreStaff: true }) }));
  });

  it('--as someone who never wrote to the bot is refused', async () => {
    const s = await shop(db);
    const rep = await s.member('rep', '张三');
    const r = await run(db, memberCommand, [rep.platformUserId, 'staff', 'on', '--as', 'ou_nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no member ou_nobody/);
    expect(await db.member.count({ where: { orgId: s.orgId, role: 'admin' } })).toBe(0);
  });
});
