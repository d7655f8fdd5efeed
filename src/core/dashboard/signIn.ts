import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { audit } from '../audit.js';

/**
 * Signing in to the 看板, and nothing else signs in: the bot's card carries a link with a random
 * one-time token (only its sha256 is stored) bound to one member and valid for five minutes.
 * The page POSTs it back (a link-preview crawler only GETs, so it cannot use it up); the token
 * is spent in one conditional UPDATE, so two posts of one link give one session. The session is
 * another random token in an HttpOnly cookie, stored hashed as well.
 */
export const LINK_TTL_MS = 5 * 60_000;
export const SESSION_TTL_MS = 12 * 3_600_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export async function issueLink(db: Db, memberId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  await db.dashboardLink.create({ data: { tokenHash: hash(token), memberId, expiresAt, createdAt: now } });
  return { token, expiresAt };
}

export type SignInRefusal = { ok: false; reason: 'unknown' | 'used' | 'expired' | 'inactive' };

export async function consumeLink(db: Db, token: string, now: Date): Promise<{ ok: true; memberId: string; session: string; expiresAt: Date } | SignInRefusal> {
  const tokenHash = hash(token);
  return db.$transaction(async (tx) => {
    const spent = await tx.dashboardLink.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    const link = await tx.dashboardLink.findUnique({ where: { tokenHash }, include: { member: { select: { active: true, orgId: true } } } });
    if (spent.count === 0 || !link) {
      if (!link) return { ok: false, reason: 'unknown' } as const;
      return { ok: false, reason: link.usedAt ? 'used' : 'expired' } as const;
    }
    if (!link.member.active) return { ok: false, reason: 'inactive' } as const;
    const session = newToken();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await tx.dashboardSession.create({ data: { tokenHash: hash(session), memberId: link.memberId, expiresAt, createdAt: now } });
    await audit(tx, { orgId: link.member.orgId, actorId: link.memberId, action: 'dashboard_signin', at: now });
    return { ok: true, memberId: link.memberId, session, expiresAt } as const;
  });
}

export interface SessionMember {
  id: string;
  orgId: string;
  teamId: string | null;
  role: string;
  name: string;
}

/** The member a session cookie belongs to, or null (unknown, expired, member deactivated). */
export async function sessionMember(db: Db, session: string, now: Date): Promise<SessionMember | null> {
  const row = await db.dashboardSession.findUnique({
    where: { tokenHash: hash(session) },
    include: { member: { select: { id: true, orgId: true, teamId: true, role: true, name: true, active: true } } },
  });
  if (!row || row.expiresAt.getTime() <= now.getTime() || !row.member.active) return null;
  const m = row.member;
  return { id: m.id, orgId: m.orgId, teamId: m.teamId, role: m.role, name: m.name };
}

export async function endSession(db: Db, session: string): Promise<void> {
  await db.dashboardSession.deleteMany({ where: { tokenHash: hash(session) } });
}
