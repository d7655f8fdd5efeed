import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { changedLeadIds, feedHorizon, readWatermark, saveWatermark } from '../../src/db/changeFeed.js';
import { testDb } from '../helpers/db.js';
import { newPhone, sh, world } from '../core/fixtures.js';

const { db, url } = await testDb();

async function leadRow(orgId: string, teamId: string, name: string): Promise<string> {
  const lead = await db.lead.create({ data: { orgId, teamId, phone: newPhone(), name, registeredAt: sh('2026-11-20T10:00:00') } });
  return lead.id;
}

/** The newest txid of a lead's rows (its own, follow-ups, history, a deletion). */
async function newestTxid(leadId: string): Promise<bigint> {
  const rows = await db.$queryRaw<{ t: bigint | null }[]>`
    SELECT max(t) AS t FROM (
      SELECT txid AS t FROM "Lead" WHERE id = ${leadId}
      UNION ALL SELECT txid FROM "FollowUp" WHERE "leadId" = ${leadId}
      UNION ALL SELECT txid FROM "LeadHistory" WHERE "leadId" = ${leadId}
      UNION ALL SELECT txid FROM "LeadDeletion" WHERE "leadId" = ${leadId}) x`;
  return BigInt(rows[0]?.t ?? 0);
}

/**
 * One read of the feed as a consumer does it: horizon first, then the rows at or above the
 * watermark. Transaction ids are cluster-wide, so a transaction open in another test's database
 * holds the horizon back and a lead may be handed over again (at least once): what must hold is
 * that every lead returned has a row at or above the watermark it was read from.
 */
async function read(consumer: string): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const since = (await readWatermark(tx, consumer)) ?? 0n;
    const horizon = await feedHorizon(tx);
    const ids = await changedLeadIds(tx, since, 10_000);
    await saveWatermark(tx, consumer, horizon);
    for (const id of ids) expect(await newestTxid(id)).toBeGreaterThanOrEqual(since);
    return ids.sort();
  });
}

describe('the change feed reads by transaction id', () => {
  it('an insert, an update, a follow-up and a deletion each hand the lead over again', async () => {
    const w = await world(db);
    const rep = await w.member('王小明');
    const a = await leadRow(w.orgId, w.teamId, '甲');
    const b = await leadRow(w.orgId, w.teamId, '乙');
    expect(await read('t1')).toEqual(expect.arrayContaining([a, b]));

    await db.lead.update({ where: { id: a }, data: { level: 'A' } });
    expect(await read('t1')).toContain(a);

    await db.followUp.create({ data: { leadId: b, memberId: rep, at: sh('2026-11-21T10:00:00') } });
    expect(await read('t1')).toContain(b);

    await db.lead.delete({ where: { id: a } });
    expect(await read('t1')).toContain(a);
  });

  it('a long transaction that commits after a later one was read is not skipped', async () => {
    const w = await world(db);
    const slow = await leadRow(w.orgId, w.teamId, '慢');
    const fast = await leadRow(w.orgId, w.teamId, '快');
    await read('t2');

    const long = new pg.Client({ connectionString: url });
    await long.connect();
    try {
      await long.query('BEGIN');
      await long.query(`UPDATE "Lead" SET level = 'H' WHERE id = $1`, [slow]);
      // A later transaction commits and is read while the long one is still open: the long
      // one's row is not visible yet, and the horizon stays below its id.
      await db.lead.update({ where: { id: fast }, data: { level: 'B' } });
      expect(await read('t2')).toContain(fast);
      await long.query('COMMIT');
    } finally {
      await long.end();
    }
    expect(await read('t2')).toContain(slow);
    const level = await db.lead.findUniqueOrThrow({ where: { id: slow } });
    expect(level.level).toBe('H');
  });
});
