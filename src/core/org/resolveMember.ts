import { TX_OPTIONS, type Db } from '../../db/client.js';
import type { Member } from '../../generated/prisma/client.js';
import type { SenderProfile } from '../bot/types.js';
import { lockKey } from '../leads/context.js';
import { memberInfo, orgInfo, teamInfo } from './convert.js';
import type { ResolveMemberInput, ResolvedMember } from './types.js';

export const DEFAULT_TEAM_NAME = '默认团队';

/**
 * The member behind a platform user, created on first sight. A new tenant gets its org and a
 * default team, so the first message already works; a new member joins the org's only team
 * (with several teams an admin assigns them). Configured admin ids are promoted on sight, and
 * a brand-new org with no configured admins makes its first member admin so someone can
 * configure it.
 */
export async function resolveMember(db: Db, input: ResolveMemberInput): Promise<ResolvedMember> {
  const isConfiguredAdmin = input.adminIds?.includes(input.platformUserId) ?? false;
  const known = await db.org.findUnique({ where: { platform_tenantKey: { platform: input.platform, tenantKey: input.tenantKey } } });
  if (known) {
    const m = await db.member.findUnique({ where: { orgId_platformUserId: { orgId: known.id, platformUserId: input.platformUserId } }, include: { team: true } });
    // A member stored under their bare id (the contact API failed that time) is asked again.
    if (m && m.name !== m.platformUserId) {
      const member = isConfiguredAdmin && m.role !== 'admin' ? await db.member.update({ where: { id: m.id }, data: { role: 'admin' } }) : m;
      return { member: memberInfo(member), team: m.team ? teamInfo(m.team) : null, org: orgInfo(known), created: false, orgCreated: false };
    }
  }

  // The contact API is outside our control: a failure must not stop a rep from reporting.
  let profile: SenderProfile;
  try {
    profile = await input.lookupProfile();
  } catch {
    profile = { name: input.platformUserId };
  }
  const name = profile.name.trim() || input.platformUserId;

  return db.$transaction(async (tx) => {
    await lockKey(tx, 'org', `${input.platform}:${input.tenantKey}`);
    let org = await tx.org.findUnique({ where: { platform_tenantKey: { platform: input.platform, tenantKey: input.tenantKey } } });
    const orgCreated = !org;
    if (!org) org = await tx.org.create({ data: { platform: input.platform, tenantKey: input.tenantKey, createdAt: input.now } });
    let teams = await tx.team.findMany({ where: { orgId: org.id }, orderBy: { createdAt: 'asc' } });
    if (teams.length === 0) teams = [await tx.team.create({ data: { orgId: org.id, name: DEFAULT_TEAM_NAME, createdAt: input.now } })];

    const existing = await tx.member.findUnique({ where: { orgId_platformUserId: { orgId: org.id, platformUserId: input.platformUserId } } });
    const profileData = { name, department: profile.department ?? null, leaderPlatformUserId: profile.leaderId ?? null };
    let created = false;
    let member: Member;
    if (existing) {
      member = await tx.member.update({ where: { id: existing.id }, data: { ...profileData, ...(isConfiguredAdmin ? { role: 'admin' } : {}) } });
    } else {
      const firstOfOrg = (await tx.member.count({ where: { orgId: org.id } })) === 0;
      const bootstrapAdmin = firstOfOrg && (input.adminIds?.length ?? 0) === 0;
      const onlyTeam = teams.length === 1 ? teams[0] : undefined;
      member = await tx.member.create({
        data: {
          orgId: org.id,
          platformUserId: input.platformUserId,
          ...profileData,
          role: isConfiguredAdmin || bootstrapAdmin ? 'admin' : (input.defaultRole ?? 'rep'),
          teamId: onlyTeam?.id ?? null,
          createdAt: input.now,
        },
      });
      created = true;
    }
    const teamId = member.teamId;
    const team = teamId ? (teams.find((t) => t.id === teamId) ?? null) : null;
    return { member: memberInfo(member), team: team ? teamInfo(team) : null, org: orgInfo(org), created, orgCreated };
  }, TX_OPTIONS);
}
