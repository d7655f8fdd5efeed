import { z } from 'zod';
import type { Db } from '../db/client.js';
import { assignTeam, listMembers, listTeams, setActive, setRole, setStoreStaff, type MemberInfo, type OrgInfo, type TeamInfo } from '../core/org/index.js';
import { asOption, onOff, orgOption, ref, scopeOptions, words } from './args.js';
import { asAdmin } from './change.js';
import { readArgs, type AdminCommand, type AdminContext } from './command.js';
import { onOff as shown, table } from './format.js';
import { findMember, findOrg, findTeam, getOrg, listOrgs, type Found } from './scope.js';
import { usageOf } from './usage.js';

const membersArgs = z.object({
  positionals: z.tuple([], { error: 'members takes no arguments besides --team and --org' }),
  team: ref('--team').optional(),
  org: scopeOptions.org,
});

/** `members [--team]`: everyone the bot has seen, with what an admin can change about them. */
export const membersCommand: AdminCommand<z.infer<typeof membersArgs>> = {
  usage: usageOf('members'),
  parse: (args) => readArgs(args, { team: { type: 'string' }, ...orgOption }, membersArgs),
  async exec({ db, io }, args) {
    let orgs: OrgInfo[];
    let teamId: string | undefined;
    if (args.team !== undefined) {
      const team = await findTeam(db, args.team, args.org);
      if (!team.ok) {
        io.err(team.message);
        return 1;
      }
      teamId = team.value.id;
      orgs = [await getOrg(db, team.value.orgId)];
    } else if (args.org !== undefined) {
      const org = await findOrg(db, args.org);
      if (!org.ok) {
        io.err(org.message);
        return 1;
      }
      orgs = [org.value];
    } else {
      orgs = await listOrgs(db);
    }
    const rows: string[][] = [];
    for (const org of orgs) {
      const [teams, members] = await Promise.all([listTeams(db, org.id), listMembers(db, org.id, teamId)]);
      for (const m of members) {
        const row = [m.name, m.platformUserId, m.role, teamName(teams, m.teamId), shown(m.isStoreStaff), shown(m.active)];
        rows.push(orgs.length > 1 ? [org.tenantKey, ...row] : row);
      }
    }
    if (rows.length === 0) {
      io.out('no member yet: a member appears once they have written to the bot');
      return 0;
    }
    const headers = ['name', 'platformUserId', 'role', 'team', 'staff', 'active'];
    io.out(table(orgs.length > 1 ? ['org', ...headers] : headers, rows));
    return 0;
  },
};

function teamName(teams: TeamInfo[], teamId: string | null): string {
  if (teamId === null) return '-';
  return teams.find((t) => t.id === teamId)?.name ?? teamId;
}

const change = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('role'), value: z.enum(['rep', 'manager', 'admin', 'group_manager'], { error: 'role is rep, manager, admin or group_manager' }) }),
    z.object({ action: z.literal('team'), value: ref('team') }),
    z.object({ action: z.literal('staff'), value: onOff('staff') }),
    z.object({ action: z.literal('active'), value: onOff('active') }),
  ],
  { error: 'the change is role, team, staff or active' },
);

const memberArgs = z.object({
  positionals: z
    .tuple([ref('<who>'), z.string(), z.string()], words(['<who>', 'role|team|staff|active', '<value>']))
    .transform(([who, action, value]) => ({ who, change: { action, value } }))
    .pipe(z.object({ who: z.string(), change })),
  ...scopeOptions,
});
type MemberArgs = z.infer<typeof memberArgs>;

export const memberCommand: AdminCommand<MemberArgs> = {
  usage: usageOf('member'),
  parse: (args) => readArgs(args, { ...orgOption, ...asOption }, memberArgs),
  async exec(ctx, args) {
    const { who, change: c } = args.positionals;
    const found = await locateMember(ctx.db, who, args.org);
    if (!found.ok) {
      ctx.io.err(found.message);
      return 1;
    }
    const member = found.value;
    const org = await getOrg(ctx.db, member.orgId);
    const subject = `member ${who}`;
    const base = { memberId: member.id };
    let updated: MemberInfo | undefined;
    switch (c.action) {
      case 'role':
        updated = await asAdmin(ctx, org, args.as, subject, (actorId) => setRole(ctx.db, { ...base, actorId, role: c.value }, ctx.now));
        break;
      case 'staff':
        updated = await asAdmin(ctx, org, args.as, subject, (actorId) => setStoreStaff(ctx.db, { ...base, actorId, isStoreStaff: c.value }, ctx.now));
        break;
      case 'active':
        updated = await asAdmin(ctx, org, args.as, subject, (actorId) => setActive(ctx.db, { ...base, actorId, active: c.value }, ctx.now));
        break;
      case 'team':
        updated = await moveToTeam(ctx, org, args.as, member, c.value);
        break;
    }
    if (!updated) return 1;
    const teams = await listTeams(ctx.db, org.id);
    ctx.io.out(
      `${updated.name} (${updated.platformUserId}): role ${updated.role}, team ${teamName(teams, updated.teamId)}, staff ${shown(updated.isStoreStaff)}, active ${shown(updated.active)}`,
    );
    return 0;
  },
};

async function moveToTeam(ctx: AdminContext, org: OrgInfo, as: string | undefined, member: MemberInfo, teamRef: string): Promise<MemberInfo | undefined> {
  let teamId: string | null = null;
  if (teamRef !== 'none') {
    const team = await findTeam(ctx.db, teamRef, org.id);
    if (!team.ok) {
      ctx.io.err(team.message);
      return undefined;
    }
    teamId = team.value.id;
  }
  return asAdmin(ctx, org, as, `team ${teamRef}`, (actorId) => assignTeam(ctx.db, { actorId, memberId: member.id, teamId }, ctx.now));
}

/** Within `--org`; without it, in whichever org knows them (platform user ids rarely repeat across tenants). */
async function locateMember(db: Db, who: string, orgRef: string | undefined): Promise<Found<MemberInfo>> {
  if (orgRef !== undefined) {
    const org = await findOrg(db, orgRef);
    return org.ok ? findMember(db, org.value.id, who) : org;
  }
  const orgs = await listOrgs(db);
  const [only] = orgs;
  if (only && orgs.length === 1) return findMember(db, only.id, who);
  const hits: MemberInfo[] = [];
  for (const org of orgs) {
    const found = await findMember(db, org.id, who);
    if (found.ok) hits.push(found.value);
  }
  const [hit] = hits;
  if (hit && hits.length === 1) return { ok: true, value: hit };
  if (hit) return { ok: false, message: `${who} is in ${hits.length} orgs: pick one with --org <id|tenantKey>` };
  return { ok: false, message: `no member ${who} in any org: a member appears once they have written to the bot (see: members)` };
}
