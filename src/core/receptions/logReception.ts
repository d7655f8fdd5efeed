import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import type { Reception } from '../../generated/prisma/client.js';
import { loadActor, teamPolicy } from '../leads/context.js';
import { clean } from '../leads/fields.js';
import { logFollowUp } from '../leads/followUp.js';
import { registerLead } from '../leads/register.js';
import type { Milestone } from '../leads/types.js';
import { maskPhone, normalizePhone } from '../phone.js';
import { receptionTimes } from './times.js';
import type { ReceptionInput, ReceptionLeadOutcome, ReceptionResult, ReceptionView } from './types.js';

const LATE_MS = 3_600_000;
const MAX_PARTY = 99;

type Stored = Reception & { receivedBy: { id: string; name: string } };

export async function toReceptionView(db: Db | Tx, r: Stored): Promise<ReceptionView> {
  const logger = r.loggedById === r.receivedById ? r.receivedBy : await db.member.findUnique({ where: { id: r.loggedById }, select: { id: true, name: true } });
  return {
    id: r.id,
    teamId: r.teamId,
    kind: r.kind,
    inAt: r.inAt,
    outAt: r.outAt,
    groupSize: r.groupSize,
    receivedBy: r.receivedBy,
    loggedBy: logger ?? { id: r.loggedById, name: '' },
    loggedAt: r.loggedAt,
    name: r.name,
    gender: r.gender,
    phone: r.phone,
    maskedPhone: r.phone ? maskPhone(r.phone) : null,
    product: r.product,
    levelAfter: r.levelAfter,
    contactLeft: r.contactLeft,
    ordered: r.ordered,
    note: r.note,
    leadId: r.leadId,
    loggedLate: r.loggedAt.getTime() - r.inAt.getTime() > LATE_MS,
  };
}

const withReceiver = { receivedBy: { select: { id: true, name: true } } } as const;

/**
 * Logs one walk-in party or one call (来店(电)顾客登记表), contact or not: every party counts in
 * the showroom's traffic. A reception with a phone then goes through the registration rules
 * for the receiving rep (首接负责制; an unattributed call follows rule 8 like any phone-in), or,
 * for a customer the receiver already works, is logged as that lead's visit. The record is
 * stored first and on its own, so a refused registration never loses the party.
 */
export async function logReception(db: Db, input: ReceptionInput, now: Date): Promise<ReceptionResult> {
  const stored = await db.$transaction((tx) => store(tx, input), TX_OPTIONS);
  if (!stored.ok) return stored;
  const { row, repeated } = stored;
  // A repeat of a message whose registration never ran (a crash in between) runs it now.
  if (!row.phone || (repeated && row.leadId)) {
    return { ok: true, reception: await toReceptionView(db, row), repeated, lead: { kind: 'none' }, notify: [] };
  }
  const lead = await customerOf(db, row, input, now);
  const leadId = await linkReceptionToLead(db, row);
  const view = await toReceptionView(db, { ...row, leadId });
  const notify = lead.kind === 'registration' && lead.result.ok ? lead.result.notify : [];
  return { ok: true, reception: view, repeated, lead, notify };
}

async function store(tx: Tx, input: ReceptionInput): Promise<{ ok: true; row: Stored; repeated: boolean } | Exclude<ReceptionResult, { ok: true }>> {
  const actor = await loadActor(tx, input.actorId);
  if (!actor) return { ok: false, reason: 'unknown_member' };
  if (!actor.teamId) return { ok: false, reason: 'no_team' };
  const sourceKey = clean(input.sourceKey);
  if (sourceKey) {
    const seen = await tx.reception.findUnique({ where: { sourceKey }, include: withReceiver });
    if (seen) return { ok: true, row: seen, repeated: true };
  }
  const policy = await teamPolicy(tx, actor.teamId);
  let receiverId = actor.id;
  if (input.receivedById && input.receivedById !== actor.id) {
    const receiver = await tx.member.findUnique({ where: { id: input.receivedById } });
    if (!receiver || !receiver.active || receiver.teamId !== actor.teamId) return { ok: false, reason: 'unknown_receiver' };
    receiverId = receiver.id;
  }
  const times = receptionTimes({ sentAt: input.sentAt, inAt: input.inAt, outAt: input.outAt }, policy.timeZone);
  if (!times.ok) return times;
  const raw = clean(input.phone);
  const phone = raw ? normalizePhone(raw) : null;
  if (raw && !phone) return { ok: false, reason: 'invalid_phone', raw };
  const size = input.groupSize ?? null;
  if (size !== null && (!Number.isInteger(size) || size < 1 || size > MAX_PARTY)) return { ok: false, reason: 'bad_group_size', value: size };

  const row = await tx.reception.create({
    data: {
      orgId: actor.orgId,
      teamId: actor.teamId,
      kind: input.kind,
      inAt: times.inAt,
      outAt: times.outAt,
      groupSize: size,
      receivedById: receiverId,
      loggedById: actor.id,
      loggedAt: input.sentAt,
      name: clean(input.name),
      gender: clean(input.gender),
      phone,
      product: clean(input.product),
      levelAfter: clean(input.level),
      // A phone is contact left whatever else was said; a WeChat added without a phone counts too.
      contactLeft: phone !== null || input.contactLeft === true,
      ordered: input.ordered === true,
      note: clean(input.note),
      sourceKey,
    },
    include: withReceiver,
  });
  return { ok: true, row, repeated: false };
}

async function customerOf(db: Db, row: Stored, input: ReceptionInput, now: Date): Promise<ReceptionLeadOutcome> {
  const phone = row.phone;
  if (!phone) return { kind: 'none' };
  const existing = await db.lead.findUnique({ where: { orgId_phone: { orgId: row.orgId, phone } }, select: { ownerId: true, status: true } });
  const open = existing && ['new', 'following', 'milestone', 'deposit'].includes(existing.status);
  if (existing && open && existing.ownerId === row.receivedById) {
    return { kind: 'followup', result: await visitFollowUp(db, row, now) };
  }
  const result = await registerLead(
    db,
    {
      actorId: row.receivedById,
      sentAt: row.loggedAt,
      phone,
      name: row.name,
      gender: row.gender,
      product: row.product,
      level: row.levelAfter,
      source: clean(input.source) ?? row.kind,
      firstContactAt: row.inAt,
      notes: row.note,
      extra: { namedRep: clean(input.namedRep) },
    },
    now,
  );
  // An order taken on the spot is the lead's deposit, when the lead is now the receiver's.
  if (result.ok && row.ordered && result.lead.owner?.id === row.receivedById) {
    const f = await visitFollowUp(db, row, now);
    if (f.ok) return { kind: 'registration', result: { ...result, lead: f.lead } };
  }
  return { kind: 'registration', result };
}

/** A known customer came again (or called): the reception is their follow-up, a walk-in their visit. */
async function visitFollowUp(db: Db, row: Stored, now: Date) {
  const milestone: Milestone | null = row.ordered ? 'deposit' : row.kind === 'walk_in' ? 'visit' : null;
  const content = row.note ?? row.product;
  return logFollowUp(
    db,
    {
      actorId: row.receivedById,
      lead: { phone: row.phone ?? '' },
      at: row.inAt,
      method: row.kind === 'walk_in' ? 'store' : 'phone',
      content,
      level: row.levelAfter,
      milestone,
    },
    now,
  );
}

/** The lead this reception's customer is (now or later: a phone registered afterwards links too). */
export async function linkReceptionToLead(db: Db | Tx, row: Pick<Reception, 'id' | 'orgId' | 'phone' | 'leadId'>): Promise<string | null> {
  if (row.leadId || !row.phone) return row.leadId;
  const lead = await db.lead.findUnique({ where: { orgId_phone: { orgId: row.orgId, phone: row.phone } }, select: { id: true } });
  if (!lead) return null;
  await db.reception.update({ where: { id: row.id }, data: { leadId: lead.id } });
  return lead.id;
}

/** After a registration elsewhere (a form filled in later): that day's receptions of the phone find their lead. */
export async function linkReceptionsByPhone(db: Db | Tx, orgId: string, phone: string, leadId: string): Promise<number> {
  const r = await db.reception.updateMany({ where: { orgId, phone, leadId: null }, data: { leadId } });
  return r.count;
}
