import { usageOf, type AdminName } from './usage.js';

/**
 * The server-side team configuration of an admin (运营经理), as entries for src/cli.ts's table.
 * Light on purpose: the commands and the database client load only when one is run.
 */
function entry(name: AdminName): { usage: string; run(args: string[]): Promise<number> } {
  return {
    usage: usageOf(name).join('\n  '),
    run: async (args) => (await import('./commands.js')).ENTRIES[name].run(args),
  };
}

export const orgs = entry('orgs');
export const teams = entry('teams');
export const team = entry('team');
export const policy = entry('policy');
export const members = entry('members');
export const member = entry('member');
