import type { Card } from '../../cards/model.js';
import type { Db } from '../../db/client.js';
import type { Role } from '../leads/types.js';
import { resolveMember } from '../org/resolveMember.js';
import type { MemberInfo, OrgInfo, TeamInfo } from '../org/types.js';
import { DEFAULT_POLICY, type Policy } from '../policy.js';
import type { ActionResponse, OutboundMessage, PlatformName, SenderProfile } from './types.js';
import type { ViewOptions } from './views.js';

export interface BotDeps {
  db: Db;
  now: () => Date;
  /** Platform user ids that are admins by configuration. */
  adminIds: string[];
  /** Role of a sender seen for the first time. */
  defaultRole: Role;
  /** Where the 看板 is served (PUBLIC_URL); without it `看板` says it is not set up. */
  dashboardUrl?: () => string;
}

/** Who is acting, where, and when: everything a flow needs besides its own input. */
export interface Ctx {
  db: Db;
  now: Date;
  platform: PlatformName;
  tenantKey: string;
  member: MemberInfo;
  team: TeamInfo | null;
  org: OrgInfo;
  policy: Policy;
  timeZone: string;
  /** The chat the sender is in; group chats never show full phones. */
  chatId: string | undefined;
  inGroup: boolean;
  /** Leads this message or click changed; the bot's answer lists them (`changedLeads`). */
  changed: Set<string>;
  /** BotDeps.dashboardUrl, when the 看板 is served. */
  dashboardUrl: (() => string) | undefined;
}

export async function resolveCtx(
  deps: BotDeps,
  /** inGroup undefined: the platform did not say; the team's own group chat counts as a group. */
  who: { platform: PlatformName; tenantKey: string; userId: string; chatId: string | undefined; inGroup: boolean | undefined },
  lookupProfile: () => Promise<SenderProfile>,
): Promise<Ctx> {
  const now = deps.now();
  const resolved = await resolveMember(deps.db, {
    platform: who.platform,
    tenantKey: who.tenantKey,
    platformUserId: who.userId,
    lookupProfile,
    adminIds: deps.adminIds,
    defaultRole: deps.defaultRole,
    now,
  });
  const policy = resolved.team?.policy ?? DEFAULT_POLICY;
  return {
    db: deps.db,
    now,
    platform: who.platform,
    tenantKey: who.tenantKey,
    member: resolved.member,
    team: resolved.team,
    org: resolved.org,
    policy,
    timeZone: resolved.team ? policy.timeZone : resolved.org.timeZone,
    chatId: who.chatId,
    inGroup: who.inGroup ?? (who.chatId !== undefined && who.chatId === resolved.team?.groupChatId),
    changed: new Set(),
    dashboardUrl: deps.dashboardUrl,
  };
}

export function viewOf(ctx: Ctx): ViewOptions {
  return { timeZone: ctx.timeZone, now: ctx.now, viewerId: ctx.member.id, forceMask: ctx.inGroup };
}

export function isManager(ctx: Ctx): boolean {
  return ctx.member.role !== 'rep';
}

/**
 * What a text command answers: a card or a text for the sender, plus messages for other people
 * (group posts, private notices) that carry their own destinations and dedupe keys.
 */
export interface Reply {
  card?: Card;
  text?: string;
  others?: OutboundMessage[];
}

export function toast(kind: NonNullable<ActionResponse['toast']>['kind'], textValue: string, extra: Partial<ActionResponse> = {}): ActionResponse {
  return { toast: { kind, text: textValue }, effects: [], ...extra };
}
