import type { Db } from '../../db/client.js';
import { managersOf } from '../leads/context.js';
import type { MemberRef } from '../leads/types.js';
import { memberInfo, teamInfo } from './convert.js';
import type { MemberInfo, TeamInfo } from './types.js';

export async function getMember(db: Db, memberId: string): Promise<MemberInfo | null> {
  const m = await db.member.findUnique({ where: { id: memberId } });
  return m ? memberInfo(m) : null;
}

export async function getTeam(db: Db, teamId: string): Promise<TeamInfo | null> {
  const t = await db.team.findUnique({ where: { id: teamId } });
  return t ? teamInfo(t) : null;
}

export async function findTeamByGroupChat(db: Db, orgId: string, groupChatId: string): Promise<TeamInfo | null> {
  const t = await db.team.findFirst({ where: { orgId, groupChatId } });
  return t ? teamInfo(t) : null;
}

export async function listTeams(db: Db, orgId: string): Promise<TeamInfo[]> {
  const teams = await db.team.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } });
  return teams.map(teamInfo);
}

/** Managers and admins of a team: who rules on disputes and gets the team digest. */
export async function teamManagers(db: Db, teamId: string): Promise<MemberRef[]> {
  return managersOf(db, teamId);
}

export async function listMembers(db: Db, orgId: string, teamId?: string): Promise<MemberInfo[]> {
  const members = await db.member.findMany({ where: { orgId, ...(teamId ? { teamId } : {}) }, orderBy: { createdAt: 'asc' } });
  return members.map(memberInfo);
}
