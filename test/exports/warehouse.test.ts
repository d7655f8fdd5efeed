import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimFromPool,
  eraseCustomer,
  historyAsOf,
  logFollowUp,
  markLost,
  markWon,
  registerLead,
  releaseIfLapsed,
  undoRegistration,
} from '../../src/core/leads/index.js';
import { runFeed, type FeedResult } from '../../src/exports/warehouse/feed.js';
import { days, lead, plus, registered, sh, world } from '../core/fixtures.js';
import { testDb } from '../helpers/db.js';
import { duckdb } from '../helpers/duckdb.js';
import { settle } from '../helpers/horizon.js';

const { db, url } = await testDb();
const duck = await duckdb();
const dirs: string[] = [];

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function feedDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'feed-'));
  dirs.push(d);
  return d;
}

type Ok = Extract<FeedResult, { ok: true }>;

/** The next batch (or batch n again), once every write so far is past the horizon. */
async function feed(dir: string, batch?: number): Promise<Ok> {
  await settle(url);
  const r = await runFeed({ databaseUrl: url, dir, batch });
  if (!r.ok) throw new Error(`feed refused: ${JSON.stringify(r)}`);
  return r;
}

const file = (dir: string, batch: number, table: string) => `'${path.join(dir, `batch-${String(batch).padStart(6, '0')}`, `${table}.parquet`)}'`;
const allBatches = (dir: string, table: string) =>
  `read_parquet('${path.join(dir, 'batch-*', `${table}.parquet`)}', filename = true)`;
const ids = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * What a warehouse keeps after loading every batch: the newest version of each history row,
 * less the rows a later change tombstoned. Then "the state as of T" is the row of the lead
 * whose [valid_from, valid_to) holds T, the zipper's usual question.
 */
async function stateAsOf(dir: string, leadId: string, at: Date) {
  const rows = await duck.all(`
    WITH latest AS (SELECT * FROM ${allBatches(dir, 'lead_history')} QUALIFY row_number() OVER (PARTITION BY id ORDER BY version DESC) = 1),
         kept AS (SELECT * FROM latest l WHERE NOT EXISTS (
           SELECT 1 FROM ${allBatches(dir, 'tombstones')} t
           WHERE t.kind = 'deleted' AND t.source = 'lead_history' AND t.row_id = l.id AND t.version > l.version))
    SELECT id, owner_id, status, level, change_kind FROM kept
    WHERE lead_id = '${leadId}' AND epoch_ms(valid_from) <= ${at.getTime()} AND epoch_ms(valid_to) > ${at.getTime()}`);
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0] ?? null;
}

describe('the warehouse feed: zipper batches by transaction id', () => {
  const t0 = sh('2026-11-02T10:00:00');
  let dir = '';
  let a = '';
  let b = '';
  let admin = '';
  const leads: Record<string, string> = {};
  let undone = '';
  let b1: Ok;
  let b2: Ok;
  let b3: Ok;

  beforeAll(async () => {
    dir = await feedDir();
    const w = await world(db);
    a = await w.member('张三');
    b = await w.member('李四');
    admin = await w.member('王总', { role: 'admin' });
    leads.L1 = (await registered(db, lead(a, t0))).lead.id;
    leads.L2 = (await registered(db, lead(a, plus(t0, 3_600_000)))).lead.id;
    leads.L3 = (await registered(db, lead(b, plus(t0, 7_200_000)))).lead.id;
    await logFollowUp(db, { actorId: a, lead: { leadId: leads.L1 }, at: plus(t0, days(1)), content: '电话沟通，周末到店' }, plus(t0, days(1)));
    await markWon(db, { actorId: a, lead: { leadId: leads.L2 } }, plus(t0, days(2)));
    b1 = await feed(dir);

    await releaseIfLapsed(db, leads.L1, plus(t0, days(12)));
    await claimFromPool(db, { actorId: b, leadId: leads.L1 }, plus(t0, days(13)));
    await markLost(db, { actorId: b, lead: { leadId: leads.L3 }, reason: '嫌贵，去了隔壁店' }, plus(t0, days(14)));
    const u = await registered(db, lead(a, plus(t0, days(15))));
    undone = u.lead.id;
    const back = await undoRegistration(db, { actorId: a, leadId: undone }, plus(t0, days(15) + 60_000));
    expect(back).toMatchObject({ ok: true, removed: true });
    b2 = await feed(dir);

    expect(await eraseCustomer(db, { actorId: admin, leadId: leads.L3 }, plus(t0, days(20)))).toMatchObject({ ok: true });
    await logFollowUp(db, { actorId: b, lead: { leadId: leads.L1 }, at: plus(t0, days(21)), content: '已到店看样品', milestone: 'visit' }, plus(t0, days(21)));
    b3 = await feed(dir);
  });

  it('writes numbered batches whose watermark ranges follow on without a gap', () => {
    expect([b1.manifest.batch, b2.manifest.batch, b3.manifest.batch]).toEqual([1, 2, 3]);
    expect(b1.manifest.watermark.from).toBe('0');
    expect(b2.manifest.watermark.from).toBe(b1.manifest.watermark.to);
    expect(b3.manifest.watermark.from).toBe(b2.manifest.watermark.to);
    expect(b1.rerun).toBeNull();
  });

  it('gives each history row a valid_from and valid_to; an open row ends 9999-12-31', async () => {
    const rows = await duck.all(
      `SELECT change_kind, status, owner_id, epoch_ms(valid_from) AS f, epoch_ms(valid_to) AS t FROM ${file(dir, 1, 'lead_history')}
       WHERE lead_id = '${leads.L1}' ORDER BY valid_from`,
    );
    expect(rows).toEqual([
      { change_kind: 'register', status: 'new', owner_id: a, f: BigInt(t0.getTime()), t: BigInt(plus(t0, days(1)).getTime()) },
      { change_kind: 'followup', status: 'following', owner_id: a, f: BigInt(plus(t0, days(1)).getTime()), t: BigInt(Date.UTC(9999, 11, 31)) },
    ]);
    // The row batch 1 sent open comes again, closed, with the change that closed it.
    const again = await duck.all(
      `SELECT change_kind, epoch_ms(valid_to) AS t FROM ${file(dir, 2, 'lead_history')} WHERE lead_id = '${leads.L1}' ORDER BY valid_from`,
    );
    expect(again.map((r) => r.change_kind)).toEqual(['followup', 'release', 'claim']);
    expect(again[0]?.t).toBe(BigInt(plus(t0, days(11)).getTime()));
  });

  it('sends follow-ups with what the rep wrote', async () => {
    const rows = await duck.all(`SELECT lead_id, member_id, content, outcome, epoch_ms("at") AS at FROM ${file(dir, 1, 'follow_ups')} WHERE lead_id IN (${ids([leads.L1!, leads.L2!])}) ORDER BY "at"`);
    expect(rows).toEqual([
      { lead_id: leads.L1, member_id: a, content: '电话沟通，周末到店', outcome: 'continuing', at: BigInt(plus(t0, days(1)).getTime()) },
      { lead_id: leads.L2, member_id: a, content: '', outcome: 'won', at: BigInt(plus(t0, days(2)).getTime()) },
    ]);
  });

  it('rebuilds the state as of any moment exactly as historyAsOf answers it', async () => {
    const moments = [-1, 0, 0.5, 1, 1.5, 2, 3, 11, 12.5, 13, 13.5, 14, 15, 16, 20, 21, 22, 400].map((d) => plus(t0, days(d)));
    let compared = 0;
    for (const leadId of [...Object.values(leads), undone]) {
      for (const at of moments) {
        const want = await historyAsOf(db, leadId, at);
        const got = await stateAsOf(dir, leadId, at);
        expect(got, `${leadId} at ${at.toISOString()}`).toEqual(
          want && { id: want.id, owner_id: want.ownerId, status: want.status, level: want.level, change_kind: want.changeKind },
        );
        if (want) compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('says a deleted row is gone with a tombstone (an undone registration)', async () => {
    const t = await duck.all(`SELECT source, kind, lead_id FROM ${file(dir, 2, 'tombstones')}`);
    expect(t).toEqual([{ source: 'lead_history', kind: 'deleted', lead_id: undone }]);
    // Registered and undone within one batch: the warehouse never sees it as a row.
    const seen = await duck.all(`SELECT count(*) AS n FROM ${allBatches(dir, 'lead_history')} WHERE lead_id = '${undone}'`);
    expect(seen).toEqual([{ n: 0n }]);
  });

  it('sends an erasure as a tombstone, and the customer’s words scrubbed', async () => {
    const t = await duck.all(`SELECT source, row_id, kind, epoch_ms("at") AS at FROM ${file(dir, 3, 'tombstones')}`);
    expect(t).toEqual([{ source: 'leads', row_id: leads.L3, kind: 'erased', at: BigInt(plus(t0, days(20)).getTime()) }]);
    const notes = await duck.all(`SELECT DISTINCT note FROM ${file(dir, 3, 'lead_history')} WHERE lead_id = '${leads.L3}'`);
    expect(notes).toEqual([{ note: null }]);
    const words = await duck.all(`SELECT content FROM ${file(dir, 3, 'follow_ups')} WHERE lead_id = '${leads.L3}'`);
    expect(words).toEqual([{ content: '' }]);
  });

  it('cuts a batch again into the same bytes', async () => {
    const before = await readFile(path.join(b1.folder, 'lead_history.parquet'));
    const again = await feed(dir, 1);
    expect(again.rerun).toBe('identical');
    expect(again.manifest).toEqual(b1.manifest);
    expect(await readFile(path.join(b1.folder, 'lead_history.parquet'))).toEqual(before);
  });

  it('cuts a batch again without what an erasure removed since', async () => {
    const lostNote = await duck.all(`SELECT note FROM ${file(dir, 2, 'lead_history')} WHERE lead_id = '${leads.L3}' AND change_kind = 'lost'`);
    // Batch 2 as first cut still holds the reason; the database no longer does.
    expect(lostNote).toEqual([{ note: '嫌贵，去了隔壁店' }]);
    const again = await feed(dir, 2);
    expect(again.rerun).toBe('changed');
    expect(again.manifest.watermark).toEqual(b2.manifest.watermark);
    expect(await duck.all(`SELECT note FROM ${file(dir, 2, 'lead_history')} WHERE lead_id = '${leads.L3}' AND change_kind = 'lost'`)).toEqual([{ note: null }]);
  });

  it('writes an empty batch when nothing changed', async () => {
    const empty = await feed(dir);
    expect(empty.manifest).toMatchObject({ batch: 4, rows: 0, watermark: { from: b3.manifest.watermark.to } });
    expect(empty.manifest.files.map((f) => [f.name, f.rows])).toEqual([
      ['lead_history.parquet', 0],
      ['follow_ups.parquet', 0],
      ['tombstones.parquet', 0],
    ]);
    expect(await duck.all(`SELECT count(*) AS n FROM ${file(dir, 4, 'follow_ups')}`)).toEqual([{ n: 0n }]);
    const manifest = JSON.parse(await readFile(path.join(empty.folder, 'manifest.json'), 'utf8')) as unknown;
    expect(manifest).toEqual(empty.manifest);
  });
});

describe('the watermark and a long transaction', () => {
  it('never skips a row that a long transaction commits after a later one', async () => {
    const dir = await feedDir();
    const w = await world(db);
    const a = await w.member('赵六');
    const t0 = sh('2026-11-10T09:00:00');
    const first = await registered(db, lead(a, t0));
    await feed(dir);

    // A follow-up written early, in a transaction that stays open...
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const fu = await slow.query<{ id: string }>(
        `INSERT INTO "FollowUp" (id, "leadId", "memberId", "at", content, outcome, "createdAt")
         VALUES ('slow-fu', $1, $2, $3, '慢事务里的跟进', 'continuing', $3) RETURNING id`,
        [first.lead.id, a, plus(t0, 60_000)],
      );
      expect(fu.rows).toHaveLength(1);
      // ...while a later change commits at once.
      const later = await registerLead(db, lead(a, plus(t0, 120_000)), plus(t0, 120_000));
      if (!later.ok) throw new Error(later.reason);
      const held = await runFeed({ databaseUrl: url, dir });
      if (!held.ok) throw new Error(held.reason);
      expect(held.heldBy).not.toBeNull();
      const inHeld = await duck.all(`SELECT id FROM read_parquet(${file(dir, held.manifest.batch, 'follow_ups')}) WHERE id = 'slow-fu'`);
      expect(inHeld).toEqual([]);
      await slow.query('COMMIT');

      const next = await feed(dir);
      const fus = await duck.all(`SELECT id, content FROM ${file(dir, next.manifest.batch, 'follow_ups')} WHERE id = 'slow-fu'`);
      expect(fus).toEqual([{ id: 'slow-fu', content: '慢事务里的跟进' }]);
      // And the later registration is in exactly one batch, not lost either.
      const reg = await duck.all(`SELECT count(*) AS n FROM ${allBatches(dir, 'lead_history')} WHERE lead_id = '${later.lead.id}'`);
      expect(reg).toEqual([{ n: 1n }]);
    } finally {
      await slow.end();
    }
  });
});
