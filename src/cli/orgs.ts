import { z } from 'zod';
import { listMembers, listTeams } from '../core/org/index.js';
import { readArgs, type AdminCommand } from './command.js';
import { table } from './format.js';
import { listOrgs } from './scope.js';
import { usageOf } from './usage.js';

/** `orgs`: every tenant the bot has seen, with enough to tell whether each can be configured. */
export const orgsCommand: AdminCommand<null> = {
  usage: usageOf('orgs'),
  parse(args) {
    readArgs(args, {}, z.object({ positionals: z.tuple([], { error: 'orgs takes no arguments' }) }));
    return null;
  },
  async exec({ db, io }) {
    const orgs = await listOrgs(db);
    if (orgs.length === 0) {
      io.out('no org yet: an org is created when someone first writes to the bot');
      return 0;
    }
    const rows: string[][] = [];
    for (const o of orgs) {
      const [teams, members] = await Promise.all([listTeams(db, o.id), listMembers(db, o.id)]);
      const admins = members.filter((m) => m.role === 'admin' && m.active).length;
      rows.push([o.platform, o.tenantKey, o.name || '-', o.id, String(teams.length), String(members.length), String(admins)]);
    }
    io.out(table(['platform', 'tenantKey', 'name', 'id', 'teams', 'members', 'admins'], rows));
    return 0;
  },
};
