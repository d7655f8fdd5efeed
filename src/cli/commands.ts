import { memberCommand, membersCommand } from './members.js';
import { orgsCommand } from './orgs.js';
import { policyCommand } from './policy.js';
import { subcommand } from './session.js';
import { teamCommand, teamsCommand } from './teams.js';
import type { AdminName } from './usage.js';

export const ENTRIES: Record<AdminName, { run(args: string[]): Promise<number> }> = {
  orgs: subcommand(orgsCommand),
  teams: subcommand(teamsCommand),
  team: subcommand(teamCommand),
  policy: subcommand(policyCommand),
  members: subcommand(membersCommand),
  member: subcommand(memberCommand),
};
