import { describe, expect, it } from 'vitest';
import { claimFromPool, listPool, registerLead, releaseIfLapsed } from '../../src/core/leads/index.js';
import type { Db } from '../../src/db/client.js';
import { testDb } from '../helpers/db.js';
import { days, lead, plus, registered, sh, type World, world } from './fixtures.js';

const { db } = await testDb();

/** A lead registered by `rep` at t0 that lapsed to the pool 10 days later. */
async function lapsed(database: Db, rep: string, t0: Date, extra = {}) {
  const r = await registered(database, lead(rep, t0, extra));
  const out = await releaseIfLapsed(database, r.lead.id, plus(t0, days(10)));
  if (!out.changed) throw new Error('setup: did not lapse');
  return r.lead;
}

async function pooled(w: World, n: number, t0: Date) {
  const seller = await w.member(`离职${n}`);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await lapsed(db, seller, t0)).id);
  return ids;
}

describe('rule 10: the public pool (公海)', () => {
  it("lists the team's released and expired leads, masked, with why and when they were released", async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const l = await lapsed(db, rep, t0, { level: 'A', product: '瑞虎8' });
    const page = await listPool(db, { actorId: rep }, sh('2026-11-12T10:00:00'));
    expect(page).toMatchObject({
      ok: true,
      total: 1,
      page: 1,
      claimsToday: 0,
      claimsPerDay: 5,
      items: [{ leadId: l.id, maskedPhone: l.maskedPhone, status: 'released', releaseReason: 'lapse', releasedAt: plus(t0, days(10)), level: 'A', product: '瑞虎8', previousOwner: { id: rep, name: '张三' } }],
    });
    if (page.ok) expect(JSON.stringify(page.items)).not.toContain(l.phone);
  });

  it('pages through a long pool', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    await pooled(w, 7, sh('2026-11-01T10:00:00'));
    const p2 = await listPool(db, { actorId: rep, page: 2, pageSize: 5 }, sh('2026-11-12T10:00:00'));
    expect(p2).toMatchObject({ ok: true, total: 7, page: 2, pageSize: 5 });
    if (p2.ok) expect(p2.items).toHaveLength(2);
  });

  it('a claim starts a new protection for the claimant', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const [id = ''] = await pooled(w, 1, sh('2026-11-01T10:00:00'));
    const now = sh('2026-11-12T10:00:00');
    const c = await claimFromPool(db, { actorId: rep, leadId: id }, now);
    expect(c).toMatchObject({
      ok: true,
      claimsToday: 1,
      lead: { owner: { id: rep }, status: 'new', claimedAt: now, protectionUntil: plus(now, days(10)), milestoneDeadline: plus(now, days(15)), releasedAt: null },
    });
    expect(await claimFromPool(db, { actorId: rep, leadId: id }, now)).toMatchObject({ ok: false, reason: 'taken', owner: { id: rep } });
  });

  it('stops at the daily claim limit and allows again the next day (team time zone)', async () => {
    const w = await world(db, { poolClaimsPerDay: 2 });
    const rep = await w.member('张三');
    const ids = await pooled(w, 3, sh('2026-11-01T10:00:00'));
    const day = sh('2026-11-12T23:00:00');
    expect(await claimFromPool(db, { actorId: rep, leadId: ids[0] ?? '' }, day)).toMatchObject({ ok: true, claimsToday: 1 });
    expect(await claimFromPool(db, { actorId: rep, leadId: ids[1] ?? '' }, day)).toMatchObject({ ok: true, claimsToday: 2 });
    expect(await claimFromPool(db, { actorId: rep, leadId: ids[2] ?? '' }, day)).toEqual({ ok: false, reason: 'claim_limit', used: 2, limit: 2, resetsAt: sh('2026-11-13T00:00:00') });
    expect(await claimFromPool(db, { actorId: rep, leadId: ids[2] ?? '' }, sh('2026-11-13T00:00:00'))).toMatchObject({ ok: true, claimsToday: 1 });
  });

  it('keeps the previous owner from reclaiming during the cooldown, by claim or by registering again', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t0 = sh('2026-11-01T10:00:00');
    const l = await lapsed(db, rep, t0);
    const releasedAt = plus(t0, days(10));
    const until = plus(releasedAt, days(3));
    expect(await claimFromPool(db, { actorId: rep, leadId: l.id }, plus(until, -1))).toEqual({ ok: false, reason: 'cooldown', leadId: l.id, until, maskedPhone: l.maskedPhone });
    const again = await registerLead(db, lead(rep, plus(until, -1), { phone: l.phone }), plus(until, -1));
    expect(again).toMatchObject({ ok: false, reason: 'cooldown', until });
    expect(await claimFromPool(db, { actorId: rep, leadId: l.id }, until)).toMatchObject({ ok: true });
  });

  it("does not let a rep claim another team's lead", async () => {
    const w = await world(db);
    const [id = ''] = await pooled(w, 1, sh('2026-11-01T10:00:00'));
    const team2 = await w.team('二组');
    const stranger = await w.member('二组销售', { teamId: team2 });
    expect(await claimFromPool(db, { actorId: stranger, leadId: id }, sh('2026-11-12T10:00:00'))).toEqual({ ok: false, reason: 'other_team', leadId: id });
  });
});
