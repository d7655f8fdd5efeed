import { z } from 'zod';
import { readArgs, UsageError, type CliIo } from './command.js';
import { databaseUrl, NO_DATABASE_URL } from './session.js';
import { EXPORT_USAGE } from './exportUsage.js';

/** `export warehouse --to DIR [--batch N]`: the warehouse feed's next batch (or batch N cut again). */

const argsSchema = z.object({
  positionals: z.tuple([z.literal('warehouse', { error: 'what to export: warehouse' })], { error: 'export takes one word: warehouse' }),
  to: z.string({ error: '--to <dir> is required' }).min(1, '--to <dir> is required'),
  batch: z.coerce.number({ error: '--batch is a batch number' }).int('--batch is a batch number').positive('--batch is a batch number').optional(),
});

export type ExportArgs = z.infer<typeof argsSchema>;

export function parseExportArgs(args: string[]): ExportArgs {
  return readArgs(args, { to: { type: 'string' }, batch: { type: 'string' } }, argsSchema);
}

const terminal: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** `url` is the database (tests pass theirs); else DATABASE_URL from the environment or .env. */
export async function runExport(args: string[], io: CliIo = terminal, url: () => string | undefined = databaseUrl): Promise<number> {
  let parsed: ExportArgs;
  try {
    parsed = parseExportArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\nusage:\n${EXPORT_USAGE.map((u) => `  npm run --silent cli -- ${u}`).join('\n')}`);
    return 2;
  }
  const database = url();
  if (!database) {
    io.err(NO_DATABASE_URL);
    return 1;
  }
  const { runFeed } = await import('../exports/warehouse/feed.js');
  const { describeFeed } = await import('../exports/warehouse/describe.js');
  try {
    const result = await runFeed({ databaseUrl: database, dir: parsed.to, batch: parsed.batch });
    const lines = describeFeed(result);
    for (const line of lines.out) io.out(line);
    for (const line of lines.err) io.err(line);
    return result.ok ? 0 : 1;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.err(`error: ${message.trim().split('\n').at(-1) ?? message}`);
    return 1;
  }
}
