import type { Db } from '../db/client.js';
import { DEMO_MANAGER, DEMO_MEMBERS, DEMO_ORG, DEMO_TEAM } from '../platforms/local/demo.js';

/**
 * Creates the demo org, team and members if they are missing; leaves them alone otherwise
 * (a role changed in the playground survives a restart).
 */
export async function ensureDemoOrg(db: Db): Promise<{ orgId: string; teamId: string }> {
  const org = await db.org.upsert({
    where: { platform_tenantKey: { platform: 'local', tenantKey: DEMO_ORG.tenantKey } },
    create: { platform: 'local', tenantKey: DEMO_ORG.tenantKey, name: DEMO_ORG.name },
    update: {},
    select: { id: true },
  });
  const team =
    (await db.team.findFirst({ where: { orgId: org.id, groupChatId: DEMO_TEAM.groupChatId }, select: { id: true } })) ??
    (await db.team.create({ data: { orgId: org.id, name: DEMO_TEAM.name, groupChatId: DEMO_TEAM.groupChatId }, select: { id: true } }));
  for (const m of DEMO_MEMBERS) {
    await db.member.upsert({
      where: { orgId_platformUserId: { orgId: org.id, platformUserId: m.id } },
      create: {
        orgId: org.id,
        teamId: team.id,
        platformUserId: m.id,
        name: m.name,
        role: m.role,
        department: DEMO_TEAM.name,
        leaderPlatformUserId: m.role === 'rep' ? DEMO_MANAGER.id : null,
      },
      update: {},
    });
  }
  return { orgId: org.id, teamId: team.id };
}
