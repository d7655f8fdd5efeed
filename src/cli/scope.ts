import type { Db } from '../db/client.js';
import { orgInfo } from '../core/org/convert.js';
import { getTeam, listMembers, listTeams, type MemberInfo, type OrgInfo, type TeamInfo } from '../core/org/index.js';

/** What a command names on its command line, found, or a sentence saying why not. */
export type Found<T> = { ok: true; value: T } | { ok: false; message: string };

export async function listOrgs(db: Db): Promise<OrgInfo[]> {
  const orgs = await db.org.findMany({ orderBy: { createdAt: 'asc' } });
  return orgs.map(orgInfo);
}

/** `--org <id|tenantKey>`; without it, the only org there is. */
export async function findOrg(db: Db, ref: string | undefined): Promise<Found<OrgInfo>> {
  const orgs = await listOrgs(db);
  if (ref === undefined) {
    const [only] = orgs;
    if (only && orgs.length === 1) return { ok: true, value: only };
    if (!only) return { ok: false, message: 'no org yet: an org is created when someone first writes to the bot' };
    return { ok: false, message: `${orgs.length} orgs: pick one with --org <id|tenantKey> (see: orgs)` };
  }
  const byId = orgs.find((o) => o.id === ref);
  if (byId) return { ok: true, value: byId };
  const byKey = orgs.filter((o) => o.tenantKey === ref);
  const [match] = byKey;
  if (match && byKey.length === 1) return { ok: true, value: match };
  if (match) return { ok: false, message: `tenant key ${ref} exists on ${byKey.map((o) => o.platform).join(' and ')}: use the org id (see: orgs)` };
  return { ok: false, message: `no org ${ref} (see: orgs)` };
}

/** A team id, or a team name within `--org` (or the only org). */
export async function findTeam(db: Db, ref: string, orgRef: string | undefined): Promise<Found<TeamInfo>> {
  const byId = await getTeam(db, ref);
  if (byId && orgRef === undefined) return { ok: true, value: byId };
  const org = await findOrg(db, orgRef);
  if (byId && org.ok) return byId.orgId === org.value.id ? { ok: true, value: byId } : { ok: false, message: `team ${ref} is not in org ${orgRef}` };
  if (byId && !org.ok) return org;
  if (!org.ok) return { ok: false, message: `no team with id ${ref}, and to look it up by name: ${org.message}` };
  const named = (await listTeams(db, org.value.id)).filter((t) => t.name === ref);
  const [match] = named;
  if (match && named.length === 1) return { ok: true, value: match };
  if (match) return { ok: false, message: `${named.length} teams are named ${ref}: use the team id (see: teams)` };
  return { ok: false, message: `no team ${ref} (see: teams)` };
}

/** A member id, platform user id, or exact name within the org. */
export async function findMember(db: Db, orgId: string, ref: string): Promise<Found<MemberInfo>> {
  const members = await listMembers(db, orgId);
  const exact = members.find((m) => m.id === ref || m.platformUserId === ref);
  if (exact) return { ok: true, value: exact };
  const named = members.filter((m) => m.name === ref);
  const [match] = named;
  if (match && named.length === 1) return { ok: true, value: match };
  if (match) return { ok: false, message: `${named.length} members are named ${ref}: use the platform user id (${named.map((m) => m.platformUserId).join(', ')})` };
  return { ok: false, message: `no member ${ref}: a member appears once they have written to the bot (see: members)` };
}

export async function getOrg(db: Db, orgId: string): Promise<OrgInfo> {
  return orgInfo(await db.org.findUniqueOrThrow({ where: { id: orgId } }));
}
