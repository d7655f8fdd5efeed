import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_DATABASE_URL } from '../../src/cli/session.js';
import { testDb } from '../helpers/db.js';
import { REPO, shop, spawnCli } from './helpers.js';

const { db, url } = await testDb();
const root = fileURLToPath(REPO);
// Run from a directory of our own, so a .env in the working tree cannot answer for the test.
const TSX = [path.join(root, 'node_modules/.bin/tsx'), path.join(root, 'src/cli.ts')];
const dir = mkdtempSync(path.join(tmpdir(), 'cli-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function envWithout(name: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[name];
  return env;
}

describe('the database is DATABASE_URL, from the environment or .env', () => {
  it('unset: one line saying so, exit 1', async () => {
    const r = await spawnCli(TSX, ['orgs'], { env: envWithout('DATABASE_URL'), cwd: dir });
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: `${NO_DATABASE_URL}\n` });
  });

  it('bad usage is told before the database is looked for', async () => {
    const r = await spawnCli(TSX, ['member', '张三', 'role', 'boss'], { env: envWithout('DATABASE_URL'), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^role is rep, manager, admin or group_manager\nusage:/);
  });

  it('read from .env in the working directory, like npm start and db:migrate', async () => {
    const s = await shop(db, { name: '星光家居' });
    const own = mkdtempSync(path.join(dir, 'with-env-'));
    writeFileSync(path.join(own, '.env'), `DATABASE_URL=${url}\n`);
    const r = await spawnCli(TSX, ['orgs'], { env: envWithout('DATABASE_URL'), cwd: own });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`feishu\\s+${s.tenantKey}\\s+星光家居\\s+${s.orgId}`));
  });
});
