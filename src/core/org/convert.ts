import type { Member, Org, Team } from '../../generated/prisma/client.js';
import { readPolicy } from '../policy.js';
import type { MemberInfo, OrgInfo, TeamInfo } from './types.js';

export function memberInfo(m: Member): MemberInfo {
  return {
    id: m.id,
    orgId: m.orgId,
    teamId: m.teamId,
    platformUserId: m.platformUserId,
    name: m.name,
    role: m.role,
    isStoreStaff: m.isStoreStaff,
    department: m.department,
    leaderPlatformUserId: m.leaderPlatformUserId,
    active: m.active,
  };
}

export function teamInfo(t: Team): TeamInfo {
  return { id: t.id, orgId: t.orgId, name: t.name, groupChatId: t.groupChatId, policy: readPolicy(t.policy) };
}

export function orgInfo(o: Org): OrgInfo {
  return { id: o.id, platform: o.platform, tenantKey: o.tenantKey, name: o.name, timeZone: o.timeZone };
}
