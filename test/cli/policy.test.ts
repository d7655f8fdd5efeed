import { describe, expect, it } from 'vitest';
import { policyCommand } from '../../src/cli/policy.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { testDb } from '../helpers/db.js';
import { run, shop, spawnCli } from './helpers.js';

const { db, url } = await testDb();

async function stored(teamId: string): Promise<unknown> {
  return (await db.team.findUniqueOrThrow({ where: { id: teamId } })).policy;
}

describe('policy <team>: the policy in force and what the team overrides', () => {
  it('prints every key with its default filled in, and the team’s own values apart', async () => {
    const s = await shop(db);
    await db.team.update({ where: { id: s.teamId }, data: { policy: { monthlyQuota: 30 } } });
    const r = await run(db, policyCommand, [s.teamId]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      team: { id: s.teamId, name: '默认团队', groupChatId: null },
      policy: { ...DEFAULT_POLICY, monthlyQuota: 30 },
      overrides: { monthlyQuota: 30 },
    });
  });

  it('finds the team by its name within --org', async () => {
    const s = await shop(db, { teamName: '滨江店' });
    const r = await run(db, policyCommand, ['滨江店', '--org', s.tenantKey]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ team: { id: s.teamId }, overrides: {} });
  });
});

describe('policy <team> set: values are JSON when they read as JSON, else text, merged into what the team stores', () => {
  it('stores numbers, text and arrays, keeps earlier overrides, and records the admin who changed it', async () => {
    const s = await shop(db);
    const admin = await s.member('admin', '运营王经理', { role: 'admin' });
    await db.team.update({ where: { id: s.teamId }, data: { policy: { poolClaimsPerDay: 2 } } });
    const r = await run(db, policyCommand, [s.teamId, 'set', 'monthlyQuota=30', 'dueReminderAt=09:30', 'requiredFields=["name","phone","product"]']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({
      policy: { monthlyQuota: 30, dueReminderAt: '09:30', requiredFields: ['name', 'phone', 'product'], poolClaimsPerDay: 2, followUpIntervalDays: 3 },
      overrides: { monthlyQuota: 30, dueReminderAt: '09:30', requiredFields: ['name', 'phone', 'product'], poolClaimsPerDay: 2 },
    });
    expect(await stored(s.teamId)).toEqual({ poolClaimsPerDay: 2, monthlyQuota: 30, dueReminderAt: '09:30', requiredFields: ['name', 'phone', 'product'] });
    const log = await db.auditLog.findMany({ where: { orgId: s.orgId, action: 'policy' } });
    expect(log).toMatchObject([{ actorId: admin.id, detail: { teamId: s.teamId, keys: ['monthlyQuota', 'dueReminderAt', 'requiredFields'] } }]);
  });

  it('null takes a key back to its default', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    await db.team.update({ where: { id: s.teamId }, data: { policy: { monthlyQuota: 30, poolClaimsPerDay: 2 } } });
    const r = await run(db, policyCommand, [s.teamId, 'set', 'monthlyQuota=null']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ policy: { monthlyQuota: DEFAULT_POLICY.monthlyQuota }, overrides: { poolClaimsPerDay: 2 } });
    expect(await stored(s.teamId)).toEqual({ poolClaimsPerDay: 2 });
  });
});

describe('policy set refuses what the policy rules reject: the key named, exit 1, nothing changed', () => {
  it('a value of the wrong kind', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    await db.team.update({ where: { id: s.teamId }, data: { policy: { poolClaimsPerDay: 2 } } });
    const r = await run(db, policyCommand, [s.teamId, 'set', 'poolClaimsPerDay=3', 'monthlyQuota=lots']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/monthlyQuota/);
    expect(await stored(s.teamId)).toEqual({ poolClaimsPerDay: 2 });
    expect(await db.auditLog.count({ where: { orgId: s.orgId } })).toBe(0);
  });

  it('a time of day that is not HH:MM', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const r = await run(db, policyCommand, [s.teamId, 'set', 'dueReminderAt=25:00']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dueReminderAt.*HH:MM/);
    expect(await stored(s.teamId)).toEqual({});
  });

  it('a key the policy does not have (a typo would otherwise be stored and do nothing)', async () => {
    const s = await shop(db);
    await s.member('admin', '运营王经理', { role: 'admin' });
    const r = await run(db, policyCommand, [s.teamId, 'set', 'monthlyQuta=30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown policy key monthlyQuta/);
    expect(await stored(s.teamId)).toEqual({});
  });
});

describe('policy usage: a malformed command line is exit 2 with the usage, before the database is asked', () => {
  it('set without key=value pairs, or a pair without =', async () => {
    const s = await shop(db);
    for (const args of [[s.teamId, 'set'], [s.teamId, 'set', 'monthlyQuota'], [s.teamId, 'sett', 'a=1'], [], [s.teamId, '--bogus']]) {
      const r = await run(db, policyCommand, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage:\n {2}npm run --silent cli -- policy <team>/);
    }
  });
});

describe('the command an admin types on the server: npx tsx src/cli.ts policy …', () => {
  it('changes the stored policy and prints the policy in force', async () => {
    const s = await shop(db);
    const admin = await s.member('admin', '运营王经理', { role: 'admin' });
    const env = { ...process.env, DATABASE_URL: url };
    const r = await spawnCli(['npx', 'tsx', 'src/cli.ts'], ['policy', s.teamId, 'set', 'monthlyQuota=25', 'levelScheme=score'], { env });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ team: { id: s.teamId }, policy: { monthlyQuota: 25, levelScheme: 'score' }, overrides: { monthlyQuota: 25, levelScheme: 'score' } });
    expect(await stored(s.teamId)).toEqual({ monthlyQuota: 25, levelScheme: 'score' });
    expect(await db.auditLog.count({ where: { actorId: admin.id, action: 'policy' } })).toBe(1);

    const bad = await spawnCli(['npx', 'tsx', 'src/cli.ts'], ['policy', s.teamId, 'set', 'weeklyDigestDay=8'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/weeklyDigestDay/);
    expect(await stored(s.teamId)).toEqual({ monthlyQuota: 25, levelScheme: 'score' });
  });
});
