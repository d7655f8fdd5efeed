import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { audit } from '../audit.js';
import { loadActor, type Actor } from '../leads/context.js';
import type { Role } from '../leads/types.js';
import { readPolicy } from '../policy.js';
import { memberInfo, teamInfo } from './convert.js';
import type { AdminRefusal, MemberInfo, OrgChangeResult, TeamInfo } from './types.js';

/** Every configuration change is an admin's, inside their own org, and on record. */
async function asAdmin<T>(db: Db, actorId: string, work: (tx: Tx, admin: Actor) => Promise<OrgChangeResult<T>>): Promise<OrgChangeResult<T>> {
  return db.$transaction(async (tx) => {
    const actor = await loadActor(tx, actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' } satisfies AdminRefusal;
    if (actor.role !== 'admin') return { ok: false, reason: 'not_admin' } satisfies AdminRefusal;
    return work(tx, actor);
  }, TX_OPTIONS);
}

async function updateMember(
  db: Db,
  actorId: string,
  memberId: string,
  data: Prisma.MemberUncheckedUpdateInput,
  now: Date,
  check?: (tx: Tx, admin: Actor) => Promise<boolean>,
): Promise<OrgChangeResult<MemberInfo>> {
  return asAdmin(db, actorId, async (tx, admin) => {
    const target = await tx.member.findFirst({ where: { id: memberId, orgId: admin.orgId } });
    if (!target || (check && !(await check(tx, admin)))) return { ok: false, reason: 'not_found' };
    const m = await tx.member.update({ where: { id: target.id }, data });
    await audit(tx, { orgId: admin.orgId, actorId: admin.id, action: 'role', detail: { memberId, ...jsonOf(data) }, at: now });
    return { ok: true, value: memberInfo(m) };
  });
}

function jsonOf(data: Prisma.MemberUncheckedUpdateInput): Prisma.InputJsonObject {
  const out: Record<string, string | boolean | null> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'boolean' || v === null) out[k] = v;
  return out;
}

export async function setRole(db: Db, input: { actorId: string; memberId: string; role: Role }, now: Date): Promise<OrgChangeResult<MemberInfo>> {
  return updateMember(db, input.actorId, input.memberId, { role: input.role }, now);
}

/** Store staff (导购) are exempt from the monthly quota (rule 6). */
export async function setStoreStaff(db: Db, input: { actorId: string; memberId: string; isStoreStaff: boolean }, now: Date): Promise<OrgChangeResult<MemberInfo>> {
  return updateMember(db, input.actorId, input.memberId, { isStoreStaff: input.isStoreStaff }, now);
}

export async function setActive(db: Db, input: { actorId: string; memberId: string; active: boolean }, now: Date): Promise<OrgChangeResult<MemberInfo>> {
  return updateMember(db, input.actorId, input.memberId, { active: input.active }, now);
}

export async function assignTeam(db: Db, input: { actorId: string; memberId: string; teamId: string | null }, now: Date): Promise<OrgChangeResult<MemberInfo>> {
  const teamId = input.teamId;
  return updateMember(db, input.actorId, input.memberId, { teamId }, now, async (tx, admin) =>
    teamId === null ? true : (await tx.team.count({ where: { id: teamId, orgId: admin.orgId } })) === 1,
  );
}

function validPolicy(policy: unknown): { ok: true } | { ok: false; reason: 'invalid_policy'; message: string } {
  try {
    readPolicy(policy);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: 'invalid_policy', message: err instanceof Error ? err.message : String(err) };
  }
}

function storedPolicy(json: Prisma.JsonValue): Record<string, Prisma.InputJsonValue> {
  const out: Record<string, Prisma.InputJsonValue> = {};
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return out;
  for (const [k, v] of Object.entries(json)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

export async function createTeam(
  db: Db,
  input: { actorId: string; name: string; groupChatId?: string | null; policy?: Record<string, Prisma.InputJsonValue> },
  now: Date,
): Promise<OrgChangeResult<TeamInfo>> {
  const check = validPolicy(input.policy ?? {});
  if (!check.ok) return check;
  return asAdmin(db, input.actorId, async (tx, admin) => {
    const t = await tx.team.create({
      data: { orgId: admin.orgId, name: input.name.trim(), groupChatId: input.groupChatId ?? null, policy: input.policy ?? {}, createdAt: now },
    });
    await audit(tx, { orgId: admin.orgId, actorId: admin.id, action: 'team', detail: { teamId: t.id, created: true }, at: now });
    return { ok: true, value: teamInfo(t) };
  });
}

/** The group chat where the team's rulings and digests go. */
export async function setTeamGroupChat(db: Db, input: { actorId: string; teamId: string; groupChatId: string | null }, now: Date): Promise<OrgChangeResult<TeamInfo>> {
  return asAdmin(db, input.actorId, async (tx, admin) => {
    const t = await tx.team.findFirst({ where: { id: input.teamId, orgId: admin.orgId } });
    if (!t) return { ok: false, reason: 'not_found' };
    const updated = await tx.team.update({ where: { id: t.id }, data: { groupChatId: input.groupChatId } });
    await audit(tx, { orgId: admin.orgId, actorId: admin.id, action: 'team', detail: { teamId: t.id, groupChatId: input.groupChatId }, at: now });
    return { ok: true, value: teamInfo(updated) };
  });
}

/**
 * Merges `policy` into what the team stored (only what a team changes is kept, so defaults can
 * improve later) and refuses a result readPolicy would reject. A key set to null is removed.
 */
export async function setTeamPolicy(
  db: Db,
  input: { actorId: string; teamId: string; policy: Record<string, Prisma.InputJsonValue | null> },
  now: Date,
): Promise<OrgChangeResult<TeamInfo>> {
  return asAdmin(db, input.actorId, async (tx, admin) => {
    const t = await tx.team.findFirst({ where: { id: input.teamId, orgId: admin.orgId } });
    if (!t) return { ok: false, reason: 'not_found' };
    const merged: Record<string, Prisma.InputJsonValue> = {};
    for (const [k, v] of Object.entries({ ...storedPolicy(t.policy), ...input.policy })) if (v !== null) merged[k] = v;
    const check = validPolicy(merged);
    if (!check.ok) return check;
    const updated = await tx.team.update({ where: { id: t.id }, data: { policy: merged } });
    await audit(tx, { orgId: admin.orgId, actorId: admin.id, action: 'policy', detail: { teamId: t.id, keys: Object.keys(input.policy) }, at: now });
    return { ok: true, value: teamInfo(updated) };
  });
}
