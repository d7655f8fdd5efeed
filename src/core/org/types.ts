import type { SenderProfile, PlatformName } from '../bot/types.js';
import type { Policy } from '../policy.js';
import type { Refusal, Role } from '../leads/types.js';

export interface MemberInfo {
  id: string;
  orgId: string;
  teamId: string | null;
  platformUserId: string;
  name: string;
  role: Role;
  isStoreStaff: boolean;
  department: string | null;
  leaderPlatformUserId: string | null;
  active: boolean;
}

export interface TeamInfo {
  id: string;
  orgId: string;
  name: string;
  groupChatId: string | null;
  policy: Policy;
}

export interface OrgInfo {
  id: string;
  platform: PlatformName;
  tenantKey: string;
  name: string;
  timeZone: string;
}

export interface ResolveMemberInput {
  platform: PlatformName;
  tenantKey: string;
  platformUserId: string;
  /** Asked only the first time a user is seen. */
  lookupProfile: () => Promise<SenderProfile>;
  /** Platform user ids that are admins by configuration (promoted on sight, never demoted here). */
  adminIds?: readonly string[];
  /** Role for a new member who is not in adminIds (default rep). */
  defaultRole?: Role;
  now: Date;
}

export interface ResolvedMember {
  member: MemberInfo;
  team: TeamInfo | null;
  org: OrgInfo;
  /** This call created the member (first message from them). */
  created: boolean;
  /** This call created the org (first message from the tenant). */
  orgCreated: boolean;
}

export type AdminRefusal = Refusal<'unknown_member'> | Refusal<'not_admin'> | Refusal<'not_found'>;

export type OrgChangeResult<T> = { ok: true; value: T } | AdminRefusal | Refusal<'invalid_policy', { message: string }>;
