import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import * as admin from './cli/index.js';
import { EXPORT_USAGE } from './cli/exportUsage.js';
import { DEFAULT_TIME_ZONE, parseMessage } from './parse/index.js';

/**
 * `npm run --silent cli -- <subcommand> [options]`. Each subcommand is one entry of SUBCOMMANDS:
 * its usage line and a `run` that gets the arguments after its name and returns an exit code.
 */
interface Subcommand {
  usage: string;
  run(args: string[]): Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  parse: {
    usage: 'parse [--now <ISO date-time>] [--tz <IANA zone>]   stdin: one message a line → stdout: one JSON object a line',
    run: runParse,
  },
  orgs: admin.orgs,
  teams: admin.teams,
  team: admin.team,
  policy: admin.policy,
  members: admin.members,
  member: admin.member,
  export: { usage: EXPORT_USAGE.join('\n  '), run: async (args) => (await import('./cli/export.js')).runExport(args) },
};

class UsageError extends Error {}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const parseOptions = z.object({
  now: z.iso
    .datetime({ offset: true, message: '--now must be an ISO date-time such as 2026-11-24T10:00:00+08:00' })
    .optional(),
  tz: z.string().refine(isTimeZone, { message: '--tz must be an IANA time zone such as Asia/Shanghai' }).default(DEFAULT_TIME_ZONE),
});

function options<T extends z.ZodType>(schema: T, args: string[], spec: Record<string, { type: 'string' }>): z.infer<T> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** Writes through a buffer and waits for the pipe to drain, so large inputs are neither lost nor held in memory. */
class LineWriter {
  private buf = '';
  constructor(private readonly out: NodeJS.WritableStream) {}
  async write(line: string): Promise<void> {
    this.buf += line + '\n';
    if (this.buf.length >= 64 * 1024) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

async function runParse(args: string[]): Promise<number> {
  const opts = options(parseOptions, args, { now: { type: 'string' }, tz: { type: 'string' } });
  const now = opts.now ? new Date(opts.now) : new Date();
  const out = new LineWriter(process.stdout);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    await out.write(JSON.stringify(parseMessage(line, { now, timeZone: opts.tz })));
  }
  await out.flush();
  return 0;
}

function usage(): string {
  return ['usage: npm run --silent cli -- <subcommand> [options]', '', 'subcommands:', ...Object.values(SUBCOMMANDS).map((s) => `  ${s.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  const sub = name ? SUBCOMMANDS[name] : undefined;
  if (!sub) {
    process.stderr.write((name ? `unknown subcommand: ${name}\n` : '') + usage() + '\n');
    return 2;
  }
  try {
    return await sub.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${name}: ${err.message}\n${usage()}\n`);
      return 2;
    }
    throw err;
  }
}

// A reader that stops early (`| head`) closes the pipe: that ends the run, it is not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
