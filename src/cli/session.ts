import { existsSync } from 'node:fs';
import { createDb } from '../db/client.js';
import { parseUsage, type AdminCommand, type CliIo } from './command.js';

export const NO_DATABASE_URL =
  'DATABASE_URL is not set: put the URL of the PostgreSQL database the bot uses in .env or the environment';

/** The same .env that `npm start` and `npm run db:migrate` read; variables already set win. */
export function databaseUrl(): string | undefined {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

const terminal: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Running one command from the terminal: usage checked first, then the database, then the work. */
export function subcommand<A>(cmd: AdminCommand<A>): { run(args: string[]): Promise<number> } {
  return {
    async run(args) {
      const parsed = parseUsage(cmd, args, terminal);
      if (!parsed.ok) return 2;
      const url = databaseUrl();
      if (!url) {
        terminal.err(NO_DATABASE_URL);
        return 1;
      }
      // One command at a time: two connections cover the interactive transaction and a read.
      const db = createDb(url, 2);
      try {
        return await cmd.exec({ db, now: new Date(), io: terminal }, parsed.args);
      } catch (err) {
        // The database unreachable, a stored policy that no longer reads: one line, not a stack.
        // Prisma's messages open with a code frame of the call; the cause is their last line.
        const message = err instanceof Error ? err.message : String(err);
        terminal.err(`error: ${message.trim().split('\n').at(-1) ?? message}`);
        return 1;
      } finally {
        await db.$disconnect();
      }
    },
  };
}
