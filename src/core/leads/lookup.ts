import type { Db } from '../../db/client.js';
import type { LeadView, LookupInput, LookupResult, NotFound, NotMember } from './types.js';

export async function lookupLeads(db: Db, input: LookupInput, now: Date): Promise<LookupResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}

/** One lead by id as this member may see it (for cards); a full-phone reveal to a manager is audit-logged. */
export async function getLead(
  db: Db,
  input: { actorId: string; leadId: string },
  now: Date,
): Promise<{ ok: true; lead: LeadView } | NotMember | NotFound> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
