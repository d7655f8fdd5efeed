import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { log } from '../log.js';
import { startEmbeddedPostgres } from './embedded.js';

/**
 * `npm run db:diff -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
 * the SQL that takes the database from the schema as of the last committed migration to the
 * working prisma/schema.prisma.
 *
 * Why this detour: Prisma 7's CLI needs a native schema engine that offline machines cannot
 * download, while Prisma 6.19 can run `migrate diff` in its "js" engine mode (WebAssembly).
 * That mode cannot read migrations or a live database (adapter limitation), so both sides are
 * given as schema files; it also wants the Prisma 6 dialect (`url = env(...)` in the datasource,
 * the `prisma-client-js` generator), so temporary copies are adjusted to it. It opens a
 * connection to DATABASE_URL without using it; with none set, a throwaway embedded PostgreSQL
 * serves.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA = 'prisma/schema.prisma';
const MIGRATIONS = 'prisma/migrations';
const PRISMA_6 = 'prisma@6.19.0';
const EMPTY = '-- This is an empty migration.';

const git = promisify(execFile);

async function gitOut(args: string[]): Promise<string> {
  return (await git('git', args, { cwd: ROOT })).stdout;
}

/** The schema the committed migrations produce: as of the last commit that touched them. */
async function baseSchema(): Promise<string | undefined> {
  const rev = (await gitOut(['log', '-1', '--format=%H', '--', MIGRATIONS])).trim();
  if (rev === '') return undefined;
  try {
    return await gitOut(['show', `${rev}:${SCHEMA}`]);
  } catch {
    return undefined;
  }
}

/** Prisma 7 schema → the dialect Prisma 6's diff accepts; models and enums are untouched. */
export function toPrisma6(schema: string): string {
  return schema
    .replace(/generator\s+\w+\s*\{[^}]*\}/, 'generator client {\n  provider = "prisma-client-js"\n}')
    .replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"[^"]+")/, '$1\n  url      = env("DATABASE_URL")');
}

export function migrationFolder(now: Date, name: string, existing: string[]): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (slug === '') throw new Error('name the migration: npm run db:diff -- <name>, e.g. add_lead_tags');
  let stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  // Migrations apply in name order; a clock behind the newest folder must not reorder them.
  const newest = existing.map((e) => e.slice(0, 14)).filter((s) => /^\d{14}$/.test(s)).sort().at(-1);
  if (newest !== undefined && stamp <= newest) stamp = String(BigInt(newest) + 1n);
  return `${stamp}_${slug}`;
}

function runPrismaDiff(fromArgs: string[], toFile: string, databaseUrl: string): Promise<string> {
  const args = ['exec', '--yes', `--package=${PRISMA_6}`, '--', 'prisma', 'migrate', 'diff', '--config', 'prisma/wasm-diff.config.ts', ...fromArgs, '--to-schema-datamodel', toFile, '--script'];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      // The native engines are never used in "js" mode; these stop Prisma from fetching them.
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_QUERY_ENGINE_LIBRARY: '/bin/true' },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`prisma migrate diff exited with ${code}`))));
  });
}

export async function diff(name: string): Promise<string> {
  const pending = (await gitOut(['status', '--porcelain', '--', MIGRATIONS])).trim();
  if (pending !== '') {
    throw new Error(`commit the migrations in ${MIGRATIONS} first (the diff starts from the last committed one):\n${pending}`);
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'db-diff-'));
  // As root the throwaway PostgreSQL runs as `postgres`, which must enter this directory.
  await chmod(tmp, 0o755);
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  try {
    const base = await baseSchema();
    const toFile = path.join(tmp, 'to.prisma');
    await writeFile(toFile, toPrisma6(await readFile(path.join(ROOT, SCHEMA), 'utf8')));
    const fromArgs = ['--from-empty'];
    if (base !== undefined) {
      const fromFile = path.join(tmp, 'from.prisma');
      await writeFile(fromFile, toPrisma6(base));
      fromArgs.splice(0, 1, '--from-schema-datamodel', fromFile);
    }
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl === undefined || databaseUrl === '') {
      embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), log, preferredPort: 0 });
      databaseUrl = embedded.url;
    }
    const sql = (await runPrismaDiff(fromArgs, toFile, databaseUrl)).trim();
    if (sql === '' || sql.startsWith(EMPTY)) {
      throw new Error(`${SCHEMA} has no change since the last committed migration; nothing to write`);
    }
    const dir = path.join(ROOT, MIGRATIONS);
    const folder = migrationFolder(new Date(), name, await readdir(dir));
    const file = path.join(dir, folder, 'migration.sql');
    await mkdir(path.dirname(file));
    await writeFile(file, `${sql}\n`);
    return path.relative(ROOT, file);
  } finally {
    await embedded?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const name = process.argv.slice(2).join('_');
  diff(name).then(
    (file) => {
      console.log(`${file}\nnext: review it, then \`npm run db:generate\` and \`npm run db:migrate\`, and commit the folder with the schema`);
    },
    (err: unknown) => {
      console.error((err as Error).message);
      process.exit(1);
    },
  );
}
