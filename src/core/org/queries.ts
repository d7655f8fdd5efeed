import type { Db } from '../../db/client.js';
import type { MemberRef } from '../leads/types.js';
import type { MemberInfo, TeamInfo } from './types.js';

export async function getMember(db: Db, memberId: string): Promise<MemberInfo | null> {
  void db; void memberId;
  throw new Error('not implemented yet');
}
export async function getTeam(db: Db, teamId: string): Promise<TeamInfo | null> {
  void db; void teamId;
  throw new Error('not implemented yet');
}
export async function findTeamByGroupChat(db: Db, orgId: string, groupChatId: string): Promise<TeamInfo | null> {
  void db; void orgId; void groupChatId;
  throw new Error('not implemented yet');
}
/** Managers and admins of a team: who rules on disputes and gets the team digest. */
export async function teamManagers(db: Db, teamId: string): Promise<MemberRef[]> {
  void db; void teamId;
  throw new Error('not implemented yet');
}
export async function listMembers(db: Db, orgId: string): Promise<MemberInfo[]> {
  void db; void orgId;
  throw new Error('not implemented yet');
}
