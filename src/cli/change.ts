import type { OrgChangeResult, OrgInfo } from '../core/org/index.js';
import { actingAdmin } from './actingAdmin.js';
import type { AdminContext } from './command.js';
import { refusal } from './format.js';

/**
 * One configuration change through the core, acting as the org's admin. A refusal is written
 * to stderr and comes back as undefined (the command exits 1 with nothing changed).
 */
export async function asAdmin<T>(
  ctx: AdminContext,
  org: OrgInfo,
  as: string | undefined,
  subject: string,
  change: (actorId: string) => Promise<OrgChangeResult<T>>,
): Promise<T | undefined> {
  const actor = await actingAdmin(ctx.db, org, as, ctx.now);
  if (!actor.ok) {
    ctx.io.err(actor.message);
    return undefined;
  }
  const { member, promoted } = actor.value;
  if (promoted) ctx.io.err(`${member.name} (${member.platformUserId}) is now the org's first admin (recorded in the audit log)`);
  const r = await change(member.id);
  if (r.ok) return r.value;
  ctx.io.err(refusal(r, `${member.name} (${member.platformUserId})`, subject));
  return undefined;
}
