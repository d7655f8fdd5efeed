import { describe, expect, it } from 'vitest';
import { assignTeam, createTeam, DEFAULT_TEAM_NAME, resolveMember, setRole, setStoreStaff, setTeamGroupChat, setTeamPolicy } from '../../src/core/org/index.js';
import { registerLead } from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { lead, sh } from './fixtures.js';

const { db } = await testDb();
const now = sh('2026-11-24T10:00:00');

function profile(name: string) {
  let calls = 0;
  return { lookup: async () => { calls += 1; return { name, department: '销售部' }; }, calls: () => calls };
}

describe('members on first sight', () => {
  it('creates the org, a default team and the member, so a fresh tenant can register at once', async () => {
    const p = profile('张三');
    const r = await resolveMember(db, { platform: 'feishu', tenantKey: 'tk-fresh', platformUserId: 'ou_1', lookupProfile: p.lookup, adminIds: ['ou_admin'], now });
    expect(r).toMatchObject({ created: true, orgCreated: true, member: { name: '张三', role: 'rep', department: '销售部' }, team: { name: DEFAULT_TEAM_NAME } });
    expect(r.team?.policy.monthlyQuota).toBe(20);
    const reg = await registerLead(db, lead(r.member.id, now), now);
    expect(reg.ok).toBe(true);

    const again = await resolveMember(db, { platform: 'feishu', tenantKey: 'tk-fresh', platformUserId: 'ou_1', lookupProfile: p.lookup, now });
    expect(again).toMatchObject({ created: false, orgCreated: false, member: { id: r.member.id } });
    expect(p.calls()).toBe(1);
  });

  it('promotes configured admins, and makes the first member of an org without configured admins its admin', async () => {
    const admin = await resolveMember(db, { platform: 'wecom', tenantKey: 'corp-a', platformUserId: 'boss', lookupProfile: profile('老板').lookup, adminIds: ['boss'], now });
    expect(admin.member.role).toBe('admin');
    const first = await resolveMember(db, { platform: 'wecom', tenantKey: 'corp-b', platformUserId: 'u1', lookupProfile: profile('一号').lookup, now });
    expect(first.member.role).toBe('admin');
    const second = await resolveMember(db, { platform: 'wecom', tenantKey: 'corp-b', platformUserId: 'u2', lookupProfile: profile('二号').lookup, now });
    expect(second.member.role).toBe('rep');
  });

  it('survives many first messages from a new tenant at once: one org, one default team, one member each', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        resolveMember(db, { platform: 'feishu', tenantKey: 'tk-burst', platformUserId: `ou_${i % 4}`, lookupProfile: profile(`人${i % 4}`).lookup, now }),
      ),
    );
    expect(new Set(results.map((r) => r.org.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.member.id)).size).toBe(4);
    expect(await db.team.count({ where: { orgId: results[0]?.org.id } })).toBe(1);
  });

  it('stores the bare id when the contact API fails, and asks again next time', async () => {
    const failing = async () => { throw new Error('contact API down'); };
    const r = await resolveMember(db, { platform: 'feishu', tenantKey: 'tk-flaky', platformUserId: 'ou_x', lookupProfile: failing, now });
    expect(r.member.name).toBe('ou_x');
    const later = await resolveMember(db, { platform: 'feishu', tenantKey: 'tk-flaky', platformUserId: 'ou_x', lookupProfile: profile('王五').lookup, now });
    expect(later.member).toMatchObject({ id: r.member.id, name: '王五' });
  });
});

describe('admin configuration', () => {
  it('sets roles, store staff, teams, group chats and a validated team policy; only admins may', async () => {
    const admin = await resolveMember(db, { platform: 'local', tenantKey: 'cfg', platformUserId: 'a', lookupProfile: profile('管理员').lookup, adminIds: ['a'], now });
    const rep = await resolveMember(db, { platform: 'local', tenantKey: 'cfg', platformUserId: 'r', lookupProfile: profile('销售').lookup, adminIds: ['a'], now });
    const a = admin.member.id;
    expect(await setRole(db, { actorId: rep.member.id, memberId: rep.member.id, role: 'admin' }, now)).toEqual({ ok: false, reason: 'not_admin' });
    expect(await setRole(db, { actorId: a, memberId: rep.member.id, role: 'manager' }, now)).toMatchObject({ ok: true, value: { role: 'manager' } });
    expect(await setStoreStaff(db, { actorId: a, memberId: rep.member.id, isStoreStaff: true }, now)).toMatchObject({ ok: true, value: { isStoreStaff: true } });
    const team = await createTeam(db, { actorId: a, name: '二组' }, now);
    if (!team.ok) throw new Error(team.reason);
    expect(await assignTeam(db, { actorId: a, memberId: rep.member.id, teamId: team.value.id }, now)).toMatchObject({ ok: true, value: { teamId: team.value.id } });
    expect(await setTeamGroupChat(db, { actorId: a, teamId: team.value.id, groupChatId: 'oc_123' }, now)).toMatchObject({ ok: true, value: { groupChatId: 'oc_123' } });
    expect(await setTeamPolicy(db, { actorId: a, teamId: team.value.id, policy: { monthlyQuota: 30, poolClaimsPerDay: 2 } }, now)).toMatchObject({
      ok: true,
      value: { policy: { monthlyQuota: 30, poolClaimsPerDay: 2, protectionLapseDays: 10 } },
    });
    expect(await setTeamPolicy(db, { actorId: a, teamId: team.value.id, policy: { protectionLapseDays: -1 } }, now)).toMatchObject({ ok: false, reason: 'invalid_policy' });
    const stored = await db.team.findUniqueOrThrow({ where: { id: team.value.id } });
    expect(stored.policy).toEqual({ monthlyQuota: 30, poolClaimsPerDay: 2 });
    expect(await setTeamPolicy(db, { actorId: a, teamId: team.value.id, policy: { monthlyQuota: null } }, now)).toMatchObject({ ok: true, value: { policy: { monthlyQuota: 20 } } });
  });
});
