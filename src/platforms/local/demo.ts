import type { Role } from '../../core/leads/types.js';

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
