import type { Db } from '../../db/client.js';
import type { Role } from '../leads/types.js';
import type { MemberInfo, OrgChangeResult, TeamInfo } from './types.js';

export async function setRole(db: Db, input: { actorId: string; memberId: string; role: Role }, now: Date): Promise<OrgChangeResult<MemberInfo>> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function setStoreStaff(db: Db, input: { actorId: string; memberId: string; isStoreStaff: boolean }, now: Date): Promise<OrgChangeResult<MemberInfo>> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function assignTeam(db: Db, input: { actorId: string; memberId: string; teamId: string | null }, now: Date): Promise<OrgChangeResult<MemberInfo>> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function createTeam(db: Db, input: { actorId: string; name: string; groupChatId?: string | null; policy?: unknown }, now: Date): Promise<OrgChangeResult<TeamInfo>> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function setTeamGroupChat(db: Db, input: { actorId: string; teamId: string; groupChatId: string | null }, now: Date): Promise<OrgChangeResult<TeamInfo>> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
/** Merges `policy` into the team's stored policy and validates the result through readPolicy. */
export async function setTeamPolicy(db: Db, input: { actorId: string; teamId: string; policy: Record<string, unknown> }, now: Date): Promise<OrgChangeResult<TeamInfo>> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
