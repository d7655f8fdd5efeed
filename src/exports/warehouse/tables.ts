import { z } from 'zod';

/**
 * The feed's tables: what each Parquet file holds, column by column, and how a logged row
 * version (the change log's `data`, a to_jsonb of the source row) becomes one of its rows.
 * Column names are snake_case, as Hive and ClickHouse users write them.
 */
export type ColumnType = 'STRING' | 'INT32' | 'INT64' | 'TIMESTAMP';

export interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

export type Cell = string | number | bigint | Date | null;
export type Row = Record<string, Cell>;

export interface Table {
  name: TableName;
  file: string;
  columns: readonly Column[];
}

export type TableName = 'lead_history' | 'follow_ups' | 'tombstones';

/** The zipper's "still open": the row is the lead's current state. */
export const OPEN_VALID_TO = new Date('9999-12-31T00:00:00.000Z');

const col = (name: string, type: ColumnType, nullable = false): Column => ({ name, type, nullable });

export const TABLES: Record<TableName, Table> = {
  lead_history: {
    name: 'lead_history',
    file: 'lead_history.parquet',
    columns: [
      col('id', 'STRING'),
      col('lead_id', 'STRING'),
      col('org_id', 'STRING'),
      col('owner_id', 'STRING', true),
      col('status', 'STRING'),
      col('level', 'STRING', true),
      col('change_kind', 'STRING'),
      col('actor_id', 'STRING', true),
      col('note', 'STRING', true),
      col('valid_from', 'TIMESTAMP'),
      col('valid_to', 'TIMESTAMP'),
      col('recorded_at', 'TIMESTAMP'),
      col('txid', 'INT64'),
      col('version', 'INT64'),
    ],
  },
  follow_ups: {
    name: 'follow_ups',
    file: 'follow_ups.parquet',
    columns: [
      col('id', 'STRING'),
      col('lead_id', 'STRING'),
      col('member_id', 'STRING'),
      col('at', 'TIMESTAMP'),
      col('method', 'STRING', true),
      col('content', 'STRING'),
      col('progress', 'INT32', true),
      col('level_after', 'STRING', true),
      col('next_follow_up_at', 'TIMESTAMP', true),
      col('milestone', 'STRING', true),
      col('outcome', 'STRING'),
      col('created_at', 'TIMESTAMP'),
      col('txid', 'INT64'),
      col('version', 'INT64'),
    ],
  },
  /**
   * What the warehouse must remove: a row deleted at the source (an undone registration), or a
   * customer erased on request (PIPL): then every copy of the lead's words, in every batch
   * already loaded, is to be scrubbed (see docs/warehouse.md).
   */
  tombstones: {
    name: 'tombstones',
    file: 'tombstones.parquet',
    columns: [
      col('source', 'STRING'),
      col('row_id', 'STRING'),
      col('lead_id', 'STRING', true),
      col('kind', 'STRING'),
      col('at', 'TIMESTAMP'),
      col('txid', 'INT64'),
      col('version', 'INT64'),
    ],
  },
};

/** The change log's `source` (a table name in PostgreSQL) → the feed's table. */
export const SOURCES = { LeadHistory: 'lead_history', FollowUp: 'follow_ups' } as const satisfies Record<string, TableName>;
export type SourceName = keyof typeof SOURCES;

// to_jsonb writes a timestamp(3) column without a zone ("2026-11-28T02:00:00.5"); Prisma keeps UTC.
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/)
  .transform((s) => new Date(`${s}Z`));

const historyData = z.object({
  id: z.string(),
  leadId: z.string(),
  orgId: z.string(),
  ownerId: z.string().nullable(),
  status: z.string(),
  level: z.string().nullable(),
  changeKind: z.string(),
  actorId: z.string().nullable(),
  note: z.string().nullable(),
  validFrom: instant,
  validTo: instant.nullable(),
  recordedAt: instant,
});

const followUpData = z.object({
  id: z.string(),
  leadId: z.string(),
  memberId: z.string(),
  at: instant,
  method: z.string().nullable(),
  content: z.string(),
  progress: z.number().int().nullable(),
  levelAfter: z.string().nullable(),
  nextFollowUpAt: instant.nullable(),
  milestone: z.string().nullable(),
  outcome: z.string(),
  createdAt: instant,
});

/**
 * Every row says which change it is: `txid`, the transaction that made it (the watermark's
 * unit), and `version`, the change log's sequence number, which grows with each change of one
 * row (a row is locked while it changes), so the greatest version of an id is its newest state.
 * Transaction ids do not order versions: one that began earlier may write a row later.
 */
export interface Stamp {
  txid: bigint;
  version: bigint;
}

export function historyRow(data: unknown, stamp: Stamp): Row {
  const h = historyData.parse(data);
  return {
    id: h.id,
    lead_id: h.leadId,
    org_id: h.orgId,
    owner_id: h.ownerId,
    status: h.status,
    level: h.level,
    change_kind: h.changeKind,
    actor_id: h.actorId,
    note: h.note,
    valid_from: h.validFrom,
    valid_to: h.validTo ?? OPEN_VALID_TO,
    recorded_at: h.recordedAt,
    ...stamp,
  };
}

export function followUpRow(data: unknown, stamp: Stamp): Row {
  const f = followUpData.parse(data);
  return {
    id: f.id,
    lead_id: f.leadId,
    member_id: f.memberId,
    at: f.at,
    method: f.method,
    content: f.content,
    progress: f.progress,
    level_after: f.levelAfter,
    next_follow_up_at: f.nextFollowUpAt,
    milestone: f.milestone,
    outcome: f.outcome,
    created_at: f.createdAt,
    ...stamp,
  };
}

export const ROW_OF: Record<SourceName, (data: unknown, stamp: Stamp) => Row> = {
  LeadHistory: historyRow,
  FollowUp: followUpRow,
};
