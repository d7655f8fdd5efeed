import { TX_OPTIONS, type Db } from '../db/client.js';
import { audit } from '../core/audit.js';
import { lockKey } from '../core/leads/context.js';
import { memberInfo } from '../core/org/convert.js';
import { listMembers, type MemberInfo, type OrgInfo } from '../core/org/index.js';
import { findMember, type Found } from './scope.js';

export interface ActingAdmin {
  member: MemberInfo;
  /** The org had no admin, so `--as` made this member its first one (on record in the audit log). */
  promoted: boolean;
}

function label(org: OrgInfo): string {
  return `${org.name || org.tenantKey} (${org.platform} ${org.tenantKey})`;
}

export function noAdminMessage(org: OrgInfo): string {
  return (
    `org ${label(org)} has no admin: add the admin's platform user id to ADMIN_USER_IDS in .env, restart the bot ` +
    `and have them write to it once; or pass --as <platformUserId> to make an existing member its first admin`
  );
}

/**
 * The core lets only an admin of the org change its configuration, and the server-side CLI
 * has no chat identity: it acts as one of the org's admins, so every change is still an
 * admin's and on record under their name. `--as` picks which admin; in an org with no admin at
 * all it names the member to promote, the same bootstrap the bot does for a brand-new org's
 * first member, but only when asked for by name and written to the audit log.
 */
export async function actingAdmin(db: Db, org: OrgInfo, as: string | undefined, now: Date): Promise<Found<ActingAdmin>> {
  const admins = (await listMembers(db, org.id)).filter((m) => m.role === 'admin' && m.active);
  if (as === undefined) {
    const [first] = admins;
    return first ? { ok: true, value: { member: first, promoted: false } } : { ok: false, message: noAdminMessage(org) };
  }
  const found = await findMember(db, org.id, as);
  if (!found.ok) return found;
  const m = found.value;
  if (!m.active) return { ok: false, message: `${m.name} (${m.platformUserId}) is deactivated and cannot act` };
  if (m.role === 'admin') return { ok: true, value: { member: m, promoted: false } };
  if (admins.length > 0) {
    return { ok: false, message: `${m.name} (${m.platformUserId}) is not an admin; the admins are ${admins.map((a) => `${a.name} (${a.platformUserId})`).join(', ')}` };
  }
  return promoteFirstAdmin(db, org, m.id, now);
}

async function promoteFirstAdmin(db: Db, org: OrgInfo, memberId: string, now: Date): Promise<Found<ActingAdmin>> {
  return db.$transaction(async (tx) => {
    // Two bootstraps at once must not both find "no admin" and promote two people.
    await lockKey(tx, 'org-admin', org.id);
    if ((await tx.member.count({ where: { orgId: org.id, role: 'admin', active: true } })) > 0) {
      return { ok: false, message: `org ${label(org)} got an admin meanwhile: run the command again` };
    }
    const m = await tx.member.update({ where: { id: memberId }, data: { role: 'admin' } });
    await audit(tx, { orgId: org.id, actorId: null, action: 'role', detail: { memberId, role: 'admin', via: 'server-cli', reason: 'org had no admin' }, at: now });
    return { ok: true, value: { member: memberInfo(m), promoted: true } };
  }, TX_OPTIONS);
}
