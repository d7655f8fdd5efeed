/**
 * Usage lines of the admin subcommands, apart from their code: src/cli.ts lists them on every
 * run, and the code (Prisma and all) is loaded only when one of them is called, so that
 * `cli parse` starts as fast as it did.
 */
const FORMS = {
  orgs: [['orgs', 'orgs: platform, tenant key, name, id (the others take --org <id|tenantKey> where there are several)']],
  teams: [['teams [--org <id|tenantKey>]', 'teams with their group chat and member counts']],
  team: [
    ['team create <name> [--org ...] [--as <platformUserId>]', 'a new team in the org'],
    ['team chat <team> <chatId|none> [--as ...]', 'the group chat where rulings and digests go'],
  ],
  policy: [
    ['policy <team>', 'the policy in force (JSON) and what the team overrides'],
    ['policy <team> set key=value [key=value ...] [--as ...]', 'values: JSON if it parses (30, null, ["name","phone"]), else text; null = default'],
  ],
  members: [['members [--team <team>] [--org ...]', 'members: role, store staff (导购), active']],
  member: [
    ['member <who> role <rep|manager|admin|group_manager> [--as ...]', '<who>: platform user id or name'],
    ['member <who> team <team|none> [--as ...]', 'move to a team (none: no team)'],
    ['member <who> staff <on|off> [--as ...]', 'store staff are exempt from the monthly quota'],
    ['member <who> active <on|off> [--as ...]', 'off: left the company, can no longer use the bot'],
  ],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

export type AdminName = keyof typeof FORMS;

const WIDTH = Math.max(...Object.values(FORMS).flatMap((forms) => forms.map(([syntax]) => syntax.length)));

export function usageOf(name: AdminName): string[] {
  return FORMS[name].map(([syntax, what]) => `${syntax.padEnd(WIDTH)}  ${what}`);
}
