import { TX_OPTIONS, type Db } from '../../db/client.js';
import type { Target } from '../../generated/prisma/client.js';
import { audit } from '../audit.js';
import { loadActor } from '../leads/context.js';
import type { MemberRef } from '../leads/types.js';
import { MONTH_KEY } from './month.js';
import { MEASURES, type Measure, type SetTargetInput, type SetTargetResult, type TargetView } from './types.js';

const MAX_VALUE = 1_000_000;
export const TEAM_SUBJECT = 'team';

export function targetView(row: Target, member: MemberRef | null): TargetView {
  return {
    teamId: row.teamId,
    member,
    month: row.month,
    values: { newLeads: row.newLeads, receptions: row.receptions, deposits: row.deposits, wins: row.wins },
  };
}

/**
 * A month's target for a rep or a team, set by the team's manager, an admin or a group manager
 * (by chat or the admin CLI). Only the measures given change; null clears one.
 */
export async function setTarget(db: Db, input: SetTargetInput, now: Date): Promise<SetTargetResult> {
  if (!MONTH_KEY.test(input.month)) return { ok: false, reason: 'bad_month', month: input.month };
  const given = MEASURES.filter((m) => input.values[m] !== undefined);
  if (given.length === 0) return { ok: false, reason: 'nothing_to_set' };
  for (const m of given) {
    const v = input.values[m];
    if (v !== null && v !== undefined && (!Number.isInteger(v) || v < 0 || v > MAX_VALUE)) return { ok: false, reason: 'bad_value', measure: m, value: v };
  }
  return db.$transaction(async (tx): Promise<SetTargetResult> => {
    const actor = await loadActor(tx, input.actorId);
    if (!actor) return { ok: false, reason: 'unknown_member' };
    let member: MemberRef | null = null;
    let teamId = input.teamId ?? null;
    if (input.memberId) {
      const m = await tx.member.findFirst({ where: { id: input.memberId, orgId: actor.orgId } });
      if (!m?.teamId || (teamId && m.teamId !== teamId)) return { ok: false, reason: 'not_found' };
      member = { id: m.id, name: m.name };
      teamId = m.teamId;
    }
    teamId ??= actor.teamId;
    if (!teamId) return { ok: false, reason: 'no_team' };
    const team = await tx.team.findFirst({ where: { id: teamId, orgId: actor.orgId }, select: { id: true } });
    if (!team) return { ok: false, reason: 'not_found' };
    const orgWide = actor.role === 'admin' || actor.role === 'group_manager';
    if (!orgWide && !(actor.role === 'manager' && actor.teamId === teamId)) return { ok: false, reason: 'not_allowed' };

    const values = Object.fromEntries(given.map((m) => [m, input.values[m] ?? null])) as Partial<Record<Measure, number | null>>;
    const subject = member?.id ?? TEAM_SUBJECT;
    const row = await tx.target.upsert({
      where: { teamId_month_subject: { teamId, month: input.month, subject } },
      create: { orgId: actor.orgId, teamId, memberId: member?.id ?? null, subject, month: input.month, setById: actor.id, ...values },
      update: { setById: actor.id, ...values },
    });
    await audit(tx, { orgId: actor.orgId, actorId: actor.id, action: 'target', detail: { teamId, memberId: member?.id ?? null, month: input.month, ...values }, at: now });
    return { ok: true, target: targetView(row, member) };
  }, TX_OPTIONS);
}
