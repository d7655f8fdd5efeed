import type { Scope } from '../../core/dashboard/filters.js';
import type { Db } from '../../db/client.js';

/** What the page's filter menus offer: only teams, reps and stores inside the member's scope. */
export interface FilterChoices {
  teams: { id: string; name: string }[];
  reps: { id: string; name: string; teamId: string | null }[];
  stores: string[];
}

export async function filterChoices(db: Db, scope: Scope): Promise<FilterChoices> {
  if (scope.kind === 'rep') {
    const [me, stores] = await Promise.all([
      db.member.findUnique({ where: { id: scope.memberId }, select: { id: true, name: true, teamId: true } }),
      db.$queryRaw<{ store: string }[]>`SELECT DISTINCT store FROM "DashLead" WHERE "ownerId" = ${scope.memberId} AND store <> '' ORDER BY 1 LIMIT 200`,
    ]);
    return { teams: [], reps: me ? [me] : [], stores: stores.map((s) => s.store) };
  }
  const teamWhere = scope.kind === 'team' ? { id: scope.teamId } : { orgId: scope.orgId };
  const [teams, reps, stores] = await Promise.all([
    db.team.findMany({ where: teamWhere, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    db.member.findMany({
      where: { orgId: scope.orgId, active: true, ...(scope.kind === 'team' ? { teamId: scope.teamId } : {}) },
      select: { id: true, name: true, teamId: true },
      orderBy: { name: 'asc' },
      take: 5_000,
    }),
    // From the rollups, not the leads: the org cube has one row per store and day.
    scope.kind === 'team'
      ? db.$queryRaw<{ store: string }[]>`SELECT DISTINCT store FROM "DashLead" WHERE "teamId" = ${scope.teamId} AND store <> '' ORDER BY 1 LIMIT 500`
      : db.$queryRaw<{ store: string }[]>`SELECT DISTINCT dval AS store FROM "DashCube" WHERE "orgId" = ${scope.orgId} AND fkind = '' AND dkind = 'store' AND dval <> '' ORDER BY 1 LIMIT 500`,
  ]);
  return { teams, reps, stores: stores.map((s) => s.store) };
}
