import { spawn } from 'node:child_process';
import type { Db } from '../../src/db/client.js';
import type { Platform, Role } from '../../src/generated/prisma/client.js';
import { runAdminCommand, type AdminCommand } from '../../src/cli/command.js';

export const REPO = new URL('../..', import.meta.url);
export const NOW = new Date('2026-11-24T10:00:00+08:00');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command run in-process against the test database, with what it printed. */
export async function run<A>(db: Db, cmd: AdminCommand<A>, args: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(cmd, { db, now: NOW, io: { out: (l) => out.push(l), err: (l) => err.push(l) } }, args);
  return { code, stdout: out.map((l) => l + '\n').join(''), stderr: err.map((l) => l + '\n').join('') };
}

/** The real CLI in a child process, as an admin types it on the server. */
export function spawnCli(command: string[], args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: URL | string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const [bin = 'npx', ...pre] = command;
    const child = spawn(bin, [...pre, ...args], { cwd: opts.cwd ?? REPO, env: opts.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let seq = 0;

export interface Shop {
  orgId: string;
  tenantKey: string;
  teamId: string;
  /** A member with a known platform user id (`<tenant>-<key>`), in the shop's team unless told otherwise. */
  member(key: string, name: string, opts?: { role?: Role; teamId?: string | null; active?: boolean }): Promise<{ id: string; platformUserId: string }>;
}

/** An org as the bot leaves it after the first messages: one team, members as they wrote in. */
export async function shop(db: Db, opts: { name?: string; platform?: Platform; teamName?: string } = {}): Promise<Shop> {
  seq += 1;
  const tenantKey = `tenant-${seq}-${Math.random().toString(36).slice(2, 8)}`;
  const org = await db.org.create({ data: { platform: opts.platform ?? 'feishu', tenantKey, name: opts.name ?? '星光家居' } });
  const team = await db.team.create({ data: { orgId: org.id, name: opts.teamName ?? '默认团队' } });
  return {
    orgId: org.id,
    tenantKey,
    teamId: team.id,
    async member(key, name, m = {}) {
      const row = await db.member.create({
        data: {
          orgId: org.id,
          teamId: m.teamId === undefined ? team.id : m.teamId,
          platformUserId: `${tenantKey}-${key}`,
          name,
          role: m.role ?? 'rep',
          active: m.active ?? true,
        },
      });
      return { id: row.id, platformUserId: row.platformUserId };
    },
  };
}
