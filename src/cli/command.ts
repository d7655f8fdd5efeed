import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { Db } from '../db/client.js';

/** Where a command writes: the terminal in production, a buffer in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface AdminContext {
  db: Db;
  now: Date;
  io: CliIo;
}

export class UsageError extends Error {}

/**
 * A subcommand that works on the database. Arguments are checked (`parse`, pure) before any
 * connection is opened, so bad usage answers at once even with the database down.
 */
export interface AdminCommand<A> {
  usage: readonly string[];
  parse(args: string[]): A;
  exec(ctx: AdminContext, args: A): Promise<number>;
}

/** Bad usage: the reason and the command's usage on stderr, exit 2. Refusals: exit 1. */
export async function runAdminCommand<A>(cmd: AdminCommand<A>, ctx: AdminContext, args: string[]): Promise<number> {
  const parsed = parseUsage(cmd, args, ctx.io);
  return parsed.ok ? cmd.exec(ctx, parsed.args) : 2;
}

export function parseUsage<A>(cmd: AdminCommand<A>, args: string[], io: CliIo): { ok: true; args: A } | { ok: false } {
  try {
    return { ok: true, args: cmd.parse(args) };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\nusage:\n${cmd.usage.map((u) => `  npm run --silent cli -- ${u}`).join('\n')}`);
    return { ok: false };
  }
}

type OptionSpec = Record<string, { type: 'string' }>;

/** node:util parseArgs for the shape, zod for the meaning: `{ positionals, ...options }`. */
export function readArgs<T extends z.ZodType>(args: string[], options: OptionSpec, schema: T): z.infer<T> {
  let parsed: { positionals: string[]; values: Record<string, unknown> };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const result = schema.safeParse({ positionals: parsed.positionals, ...parsed.values });
  if (!result.success) throw new UsageError(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}
