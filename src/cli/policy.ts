import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { setTeamPolicy, type TeamInfo } from '../core/org/index.js';
import { policySchema, readPolicy } from '../core/policy.js';
import { asOption, nothingMore, orgOption, ref, scopeOptions } from './args.js';
import { asAdmin } from './change.js';
import { readArgs, type AdminCommand } from './command.js';
import { findTeam, getOrg } from './scope.js';
import { usageOf } from './usage.js';

type PolicyValue = Prisma.InputJsonValue | null;

/** JSON when it reads as JSON (numbers, null, arrays, objects, quoted strings), else the text as a string. */
export function policyValue(text: string): PolicyValue {
  try {
    return JSON.parse(text) as PolicyValue;
  } catch {
    return text;
  }
}

const assignment = z
  .string()
  .regex(/^[^=]+=/, { error: (iss) => `expected key=value, got ${String(iss.input)}` })
  .transform((s): [string, PolicyValue] => {
    const at = s.indexOf('=');
    return [s.slice(0, at).trim(), policyValue(s.slice(at + 1))];
  });

const policyArgs = z.object({
  positionals: z
    .array(z.string())
    .transform(([team, verb, ...pairs]) => ({ team, verb, pairs }))
    .pipe(
      z.discriminatedUnion(
        'verb',
        [
          z.object({ verb: z.undefined(), team: ref('<team>'), pairs: nothingMore }),
          z.object({ verb: z.literal('set'), team: ref('<team>'), pairs: z.array(assignment).min(1, 'set needs at least one key=value') }),
        ],
        { error: 'expected: policy <team> | policy <team> set key=value [key=value ...]' },
      ),
    )
    .transform(({ team, verb, pairs }) => ({ team, set: verb === 'set' ? Object.fromEntries(pairs) : null })),
  ...scopeOptions,
});
type PolicyArgs = z.infer<typeof policyArgs>;

const KEYS = Object.keys(policySchema.shape);

/** What `policy` prints: the policy in force (defaults filled in) and what the team stores itself. */
export interface PolicyView {
  team: { id: string; name: string; groupChatId: string | null };
  policy: TeamInfo['policy'];
  overrides: Prisma.JsonObject;
}

export async function policyView(db: Db, teamId: string): Promise<PolicyView> {
  const t = await db.team.findUniqueOrThrow({ where: { id: teamId } });
  const stored = t.policy !== null && typeof t.policy === 'object' && !Array.isArray(t.policy) ? t.policy : {};
  return { team: { id: t.id, name: t.name, groupChatId: t.groupChatId }, policy: readPolicy(t.policy), overrides: stored };
}

/** JSON, one key a line: readable at a glance, and still what `jq` or JSON.parse take. */
export function renderPolicy(view: PolicyView): string {
  const block = (o: object) => {
    const lines = Object.entries(o).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return lines.length === 0 ? '{}' : `{\n${lines.join(',\n')}\n  }`;
  };
  return `{\n  "team": ${JSON.stringify(view.team)},\n  "policy": ${block(view.policy)},\n  "overrides": ${block(view.overrides)}\n}`;
}

export const policyCommand: AdminCommand<PolicyArgs> = {
  usage: usageOf('policy'),
  parse: (args) => readArgs(args, { ...orgOption, ...asOption }, policyArgs),
  async exec(ctx, args) {
    const { db, io } = ctx;
    const team = await findTeam(db, args.positionals.team, args.org);
    if (!team.ok) {
      io.err(team.message);
      return 1;
    }
    const changes = args.positionals.set;
    if (changes) {
      // readPolicy ignores keys it does not know, so a misspelt key would be stored and do nothing.
      const unknown = Object.keys(changes).filter((k) => !KEYS.includes(k));
      if (unknown.length > 0) {
        io.err(`unknown policy key ${unknown.join(', ')}; the keys are: ${KEYS.join(', ')}`);
        return 1;
      }
      const org = await getOrg(db, team.value.orgId);
      const done = await asAdmin(ctx, org, args.as, `team ${args.positionals.team}`, (actorId) =>
        setTeamPolicy(db, { actorId, teamId: team.value.id, policy: changes }, ctx.now),
      );
      if (!done) return 1;
    }
    io.out(renderPolicy(await policyView(db, team.value.id)));
    return 0;
  },
};
