import type { Db } from '../../db/client.js';
import type { ResolveMemberInput, ResolvedMember } from './types.js';

export const DEFAULT_TEAM_NAME = '默认团队';

export async function resolveMember(db: Db, input: ResolveMemberInput): Promise<ResolvedMember> {
  void db; void input;
  throw new Error('not implemented yet');
}
