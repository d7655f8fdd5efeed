import type { Db, Tx } from '../../db/client.js';
import type { LeadHistory } from '../../generated/prisma/client.js';
import type { ChangesPage, HistoryRow, LeadStatus } from './types.js';

/**
 * The zipper history: each state of a lead (owner, status, level) is one row valid from..to.
 * A change closes the open row at the moment of the change and opens the next one, so the rows
 * of a lead tile time without gaps or overlaps.
 */
export type ChangeKind =
  | 'register'
  | 'followup'
  | 'won'
  | 'lost'
  | 'release'
  | 'expire'
  | 'claim'
  | 'transfer'
  | 'extend'
  | 'handover'
  | 'edit'
  | 'erase'
  | 'undo';

export interface LeadState {
  id: string;
  orgId: string;
  ownerId: string | null;
  status: LeadStatus;
  level: string | null;
}

export interface Change {
  kind: ChangeKind;
  actorId: string | null;
  /** When the change happened in the world (a message's send time, a deadline). */
  at: Date;
  /** When we recorded it: the rule's `now`, the watermark of incremental export. */
  now: Date;
  note?: string | null;
}

export async function recordHistory(tx: Tx, lead: LeadState, change: Change): Promise<void> {
  const open = await tx.leadHistory.findFirst({ where: { leadId: lead.id, validTo: null }, orderBy: { validFrom: 'desc' } });
  // A message sent before the previous change was processed cannot rewrite the past: clamp.
  const from = open && open.validFrom.getTime() > change.at.getTime() ? open.validFrom : change.at;
  if (open) await tx.leadHistory.update({ where: { id: open.id }, data: { validTo: from } });
  await tx.leadHistory.create({
    data: {
      leadId: lead.id,
      orgId: lead.orgId,
      ownerId: lead.ownerId,
      status: lead.status,
      level: lead.level,
      changeKind: change.kind,
      actorId: change.actorId,
      note: change.note ?? null,
      validFrom: from,
      recordedAt: change.now,
    },
  });
}

function toRow(h: LeadHistory): HistoryRow {
  return {
    id: h.id,
    leadId: h.leadId,
    orgId: h.orgId,
    ownerId: h.ownerId,
    status: h.status,
    level: h.level,
    changeKind: h.changeKind,
    actorId: h.actorId,
    note: h.note,
    validFrom: h.validFrom,
    validTo: h.validTo,
    recordedAt: h.recordedAt,
  };
}

/** The lead's state at a past moment (null before it was registered). */
export async function historyAsOf(db: Db, leadId: string, at: Date): Promise<HistoryRow | null> {
  const row = await db.leadHistory.findFirst({
    where: { leadId, validFrom: { lte: at }, OR: [{ validTo: null }, { validTo: { gt: at } }] },
    orderBy: { validFrom: 'desc' },
  });
  return row ? toRow(row) : null;
}

export async function leadHistory(db: Db, leadId: string): Promise<HistoryRow[]> {
  const rows = await db.leadHistory.findMany({ where: { leadId }, orderBy: [{ validFrom: 'asc' }, { recordedAt: 'asc' }] });
  return rows.map(toRow);
}

const SEP = '~';

function parseWatermark(w: string | null): { at: Date; id: string } | null {
  if (!w) return null;
  const i = w.indexOf(SEP);
  const at = new Date(i < 0 ? w : w.slice(0, i));
  if (Number.isNaN(at.getTime())) throw new Error(`invalid history watermark: ${w}`);
  return { at, id: i < 0 ? '' : w.slice(i + 1) };
}

/**
 * Rows recorded after the watermark, oldest first, for incremental export to a warehouse.
 * Only new rows are returned: a consumer closes its copy of a lead's previous row at the new
 * row's validFrom (that is what the database did). Pass `until` a little before now so a
 * transaction still committing with an earlier `now` is not skipped.
 */
export async function changesSince(
  db: Db,
  orgId: string,
  watermark: string | null,
  options: { limit?: number; until?: Date } = {},
): Promise<ChangesPage> {
  const mark = parseWatermark(watermark);
  const rows = await db.leadHistory.findMany({
    where: {
      orgId,
      ...(mark ? { OR: [{ recordedAt: { gt: mark.at } }, { recordedAt: mark.at, id: { gt: mark.id } }] } : {}),
      ...(options.until ? { recordedAt: { lte: options.until } } : {}),
    },
    orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }],
    take: options.limit ?? 1000,
  });
  const last = rows.at(-1);
  return {
    rows: rows.map(toRow),
    watermark: last ? `${last.recordedAt.toISOString()}${SEP}${last.id}` : watermark,
  };
}
