import type { Db } from '../../src/db/client.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { registerLead } from '../../src/core/leads/index.js';
import type { RegisterInput, RegisterOk, Role } from '../../src/core/leads/index.js';

/** Shanghai wall-clock time → instant: tests read in the team's own time zone. */
export function sh(local: string): Date {
  return new Date(`${local}+08:00`);
}

export function days(n: number): number {
  return n * 86_400_000;
}

export function plus(d: Date, ms: number): Date {
  return new Date(d.getTime() + ms);
}

let seq = 0;

export interface World {
  orgId: string;
  teamId: string;
  member(name: string, opts?: { role?: Role; isStoreStaff?: boolean; teamId?: string | null }): Promise<string>;
  team(name: string, policy?: Prisma.InputJsonObject): Promise<string>;
}

/** A fresh org with one team (policy as given); members are created on demand. */
export async function world(db: Db, policy: Prisma.InputJsonObject = {}): Promise<World> {
  seq += 1;
  const org = await db.org.create({ data: { platform: 'local', tenantKey: `tenant-${seq}-${Math.random().toString(36).slice(2)}` } });
  const team = await db.team.create({ data: { orgId: org.id, name: '一组', policy, groupChatId: `chat-${seq}` } });
  return {
    orgId: org.id,
    teamId: team.id,
    async member(name, opts = {}) {
      const m = await db.member.create({
        data: {
          orgId: org.id,
          teamId: opts.teamId === undefined ? team.id : opts.teamId,
          platformUserId: `${name}-${Math.random().toString(36).slice(2)}`,
          name,
          role: opts.role ?? 'rep',
          isStoreStaff: opts.isStoreStaff ?? false,
        },
      });
      return m.id;
    },
    async team(name, p = {}) {
      const t = await db.team.create({ data: { orgId: org.id, name, policy: p } });
      return t.id;
    },
  };
}

let phoneSeq = 10_000_000;
/** A distinct valid mobile number per call. */
export function newPhone(): string {
  phoneSeq += 1;
  return `139${String(phoneSeq).padStart(8, '0')}`;
}

export function lead(actorId: string, sentAt: Date, extra: Partial<RegisterInput> = {}): RegisterInput {
  return { actorId, sentAt, phone: newPhone(), name: '王先生', address: '滨江区星光小区', product: '床垫', ...extra };
}

/** Registers and insists it worked: for tests where the registration is only the setup. */
export async function registered(db: Db, input: RegisterInput, now = input.sentAt): Promise<RegisterOk> {
  const r = await registerLead(db, input, now);
  if (!r.ok) throw new Error(`setup registration refused: ${r.reason}`);
  return r;
}
