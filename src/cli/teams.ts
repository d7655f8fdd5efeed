import { z } from 'zod';
import { createTeam, findTeamByGroupChat, listMembers, listTeams, setTeamGroupChat, type OrgInfo } from '../core/org/index.js';
import { asOption, orgOption, ref, scopeOptions, words } from './args.js';
import { asAdmin } from './change.js';
import { readArgs, type AdminCommand, type AdminContext } from './command.js';
import { table } from './format.js';
import { findOrg, findTeam, getOrg, listOrgs } from './scope.js';
import { usageOf } from './usage.js';

const teamsArgs = z.object({
  positionals: z.tuple([], { error: 'teams takes no arguments besides --org' }),
  org: scopeOptions.org,
});

/** `teams [--org]`: every org's teams when no org is named. */
export const teamsCommand: AdminCommand<z.infer<typeof teamsArgs>> = {
  usage: usageOf('teams'),
  parse: (args) => readArgs(args, orgOption, teamsArgs),
  async exec({ db, io }, args) {
    let orgs: OrgInfo[];
    if (args.org === undefined) {
      orgs = await listOrgs(db);
    } else {
      const org = await findOrg(db, args.org);
      if (!org.ok) {
        io.err(org.message);
        return 1;
      }
      orgs = [org.value];
    }
    const rows: string[][] = [];
    let unassigned = 0;
    for (const org of orgs) {
      const [teams, members] = await Promise.all([listTeams(db, org.id), listMembers(db, org.id)]);
      unassigned += members.filter((m) => m.teamId === null && m.active).length;
      for (const t of teams) {
        const own = members.filter((m) => m.teamId === t.id);
        const active = own.filter((m) => m.active).length;
        const row = [t.id, t.name, t.groupChatId ?? '-', String(active), String(own.length - active)];
        rows.push(orgs.length > 1 ? [org.tenantKey, ...row] : row);
      }
    }
    if (rows.length === 0) {
      io.out('no team yet');
      return 0;
    }
    const headers = ['id', 'name', 'groupChat', 'members', 'inactive'];
    io.out(table(orgs.length > 1 ? ['org', ...headers] : headers, rows));
    if (unassigned > 0) io.out(`${unassigned} active member(s) in no team: see members, then member <who> team <team>`);
    return 0;
  },
};

const teamArgs = z.object({
  positionals: z
    .array(z.string())
    .transform(([verb, ...rest]) => ({ verb, rest }))
    .pipe(
      z.discriminatedUnion(
        'verb',
        [
          z.object({ verb: z.literal('create'), rest: z.tuple([ref('<name>')], words(['<name>'])) }),
          z.object({ verb: z.literal('chat'), rest: z.tuple([ref('<team>'), ref('<chatId>')], words(['<team>', '<chatId|none>'])) }),
        ],
        { error: 'expected: team create <name> | team chat <team> <chatId|none>' },
      ),
    )
    .transform(({ verb, rest }) =>
      verb === 'create'
        ? { action: 'create' as const, name: rest[0] }
        : { action: 'chat' as const, team: rest[0], chatId: rest[1] === 'none' ? null : rest[1] },
    ),
  ...scopeOptions,
});
type TeamArgs = z.infer<typeof teamArgs>;

/** `team create` / `team chat`: the two team changes the chat commands do not cover. */
export const teamCommand: AdminCommand<TeamArgs> = {
  usage: usageOf('team'),
  parse: (args) => readArgs(args, { ...orgOption, ...asOption }, teamArgs),
  exec: (ctx, args) => (args.positionals.action === 'create' ? create(ctx, args, args.positionals.name) : bindChat(ctx, args, args.positionals.team, args.positionals.chatId)),
};

async function create(ctx: AdminContext, args: TeamArgs, name: string): Promise<number> {
  const org = await findOrg(ctx.db, args.org);
  if (!org.ok) {
    ctx.io.err(org.message);
    return 1;
  }
  const team = await asAdmin(ctx, org.value, args.as, `team ${name}`, (actorId) => createTeam(ctx.db, { actorId, name }, ctx.now));
  if (!team) return 1;
  ctx.io.out(`created team ${team.name} ${team.id}`);
  return 0;
}

async function bindChat(ctx: AdminContext, args: TeamArgs, teamRef: string, chatId: string | null): Promise<number> {
  const team = await findTeam(ctx.db, teamRef, args.org);
  if (!team.ok) {
    ctx.io.err(team.message);
    return 1;
  }
  // Rulings and digests find their team by chat: one chat serving two teams would be a coin toss.
  const holder = chatId === null ? null : await findTeamByGroupChat(ctx.db, team.value.orgId, chatId);
  if (holder && holder.id !== team.value.id) {
    ctx.io.err(`chat ${chatId} is already team ${holder.name}'s (${holder.id}): unbind it first with team chat ${holder.id} none`);
    return 1;
  }
  const org = await getOrg(ctx.db, team.value.orgId);
  const updated = await asAdmin(ctx, org, args.as, `team ${teamRef}`, (actorId) =>
    setTeamGroupChat(ctx.db, { actorId, teamId: team.value.id, groupChatId: chatId }, ctx.now),
  );
  if (!updated) return 1;
  ctx.io.out(`team ${updated.name}: group chat ${updated.groupChatId ?? 'none'}`);
  return 0;
}
