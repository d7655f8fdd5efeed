import type { Db } from '../../db/client.js';
import type { Role } from '../../generated/prisma/client.js';

/**
 * The playground's demo org: one team, two reps and their manager, and the team's group chat.
 * Ids are fixed so a restart finds the same people (and their history) again.
 */
export const LOCAL_TENANT = 'local';
export const BOT_SENDER = 'bot';
export const BOT_NAME = '线索助手';

export interface DemoMember {
  id: string;
  name: string;
  role: Role;
  /** Shown beside the name in the member switcher. */
  title: string;
}

export const DEMO_ORG = { name: '演示公司', tenantKey: LOCAL_TENANT } as const;
export const DEMO_TEAM = { name: '演示门店', groupChatId: 'demo-store-group' } as const;
export const DEMO_MANAGER: DemoMember = { id: 'zhang-jingli', name: '张经理', role: 'manager', title: '店长' };
export const DEMO_MEMBERS: readonly DemoMember[] = [
  { id: 'wang-xiaoming', name: '王小明', role: 'rep', title: '销售顾问' },
  { id: 'li-na', name: '李娜', role: 'rep', title: '销售顾问' },
  DEMO_MANAGER,
];

/** A member's one-to-one chat with the bot. */
export function dmChatId(userId: string): string {
  return `dm-${userId}`;
}

export function demoMember(userId: string): DemoMember | undefined {
  return DEMO_MEMBERS.find((m) => m.id === userId);
}

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
