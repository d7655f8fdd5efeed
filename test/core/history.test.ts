import { describe, expect, it } from 'vitest';
import {
  changesSince,
  claimFromPool,
  historyAsOf,
  leadHistory,
  listMyLeads,
  listPool,
  logFollowUp,
  lookupLeads,
  markWon,
  registerLead,
  releaseIfLapsed,
} from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { days, lead, newPhone, plus, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

describe('lifecycle history (zipper: valid-from / valid-to)', () => {
  it('answers what the lead looked like at any past moment', async () => {
    const w = await world(db);
    const a = await w.member('张三');
    const b = await w.member('李四');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(a, t0));
    await logFollowUp(db, { actorId: a, lead: { leadId: r.lead.id }, at: sh('2026-11-02T10:00:00') }, sh('2026-11-02T10:00:00'));
    await releaseIfLapsed(db, r.lead.id, sh('2026-11-12T10:00:00'));
    await claimFromPool(db, { actorId: b, leadId: r.lead.id }, sh('2026-11-15T10:00:00'));
    await markWon(db, { actorId: b, lead: { leadId: r.lead.id } }, sh('2026-11-20T10:00:00'));

    expect(await historyAsOf(db, r.lead.id, plus(t0, -1))).toBeNull();
    expect(await historyAsOf(db, r.lead.id, t0)).toMatchObject({ status: 'new', ownerId: a });
    expect(await historyAsOf(db, r.lead.id, sh('2026-11-05T00:00:00'))).toMatchObject({ status: 'following', ownerId: a });
    expect(await historyAsOf(db, r.lead.id, sh('2026-11-13T00:00:00'))).toMatchObject({ status: 'released', ownerId: null });
    expect(await historyAsOf(db, r.lead.id, sh('2026-11-16T00:00:00'))).toMatchObject({ status: 'following', ownerId: b, changeKind: 'claim' });
    expect(await historyAsOf(db, r.lead.id, sh('2027-01-01T00:00:00'))).toMatchObject({ status: 'won', ownerId: b, validTo: null });

    // The rows tile time: each row ends where the next begins.
    const rows = await leadHistory(db, r.lead.id);
    expect(rows.map((h) => h.changeKind)).toEqual(['register', 'followup', 'release', 'claim', 'won']);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]?.validTo).toEqual(rows[i]?.validFrom);
  });

  it('exports changes since a watermark, incrementally', async () => {
    const w = await world(db);
    const a = await w.member('张三');
    const r1 = await registered(db, lead(a, sh('2026-11-01T10:00:00')));
    const r2 = await registered(db, lead(a, sh('2026-11-01T11:00:00')));
    const page1 = await changesSince(db, w.orgId, null);
    expect(page1.rows.map((h) => h.leadId)).toEqual([r1.lead.id, r2.lead.id]);
    expect(await changesSince(db, w.orgId, page1.watermark)).toEqual({ rows: [], watermark: page1.watermark });
    await markWon(db, { actorId: a, lead: { leadId: r1.lead.id } }, sh('2026-11-03T10:00:00'));
    const page2 = await changesSince(db, w.orgId, page1.watermark);
    expect(page2.rows).toMatchObject([{ leadId: r1.lead.id, status: 'won', changeKind: 'won' }]);
    // Paging with a limit never skips or repeats a row.
    const small = await changesSince(db, w.orgId, null, { limit: 2 });
    const rest = await changesSince(db, w.orgId, small.watermark, { limit: 2 });
    expect([...small.rows, ...rest.rows].map((h) => h.id)).toEqual([...page1.rows, ...page2.rows].map((h) => h.id));
  });
});

describe('cross-org isolation', () => {
  it("one org's members never see or touch another org's leads", async () => {
    const w1 = await world(db);
    const w2 = await world(db);
    const rep1 = await w1.member('甲');
    const rep2 = await w2.member('乙');
    const boss2 = await w2.member('乙经理', { role: 'admin' });
    const phone = newPhone();
    const t = sh('2026-11-01T10:00:00');
    const r1 = await registered(db, lead(rep1, t, { phone, name: '共同客户' }));
    // The same phone is a different customer in another org: registering it there is fine.
    const r2 = await registerLead(db, lead(rep2, t, { phone, name: '共同客户' }), t);
    expect(r2).toMatchObject({ ok: true, fromPool: false });
    expect(await lookupLeads(db, { actorId: boss2, query: '共同客户' }, t)).toMatchObject({ total: 1, leads: [{ orgId: w2.orgId }] });
    expect(await logFollowUp(db, { actorId: boss2, lead: { leadId: r1.lead.id } }, t)).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await claimFromPool(db, { actorId: rep2, leadId: r1.lead.id }, t)).toMatchObject({ ok: false, reason: 'not_found' });
    expect((await changesSince(db, w2.orgId, null)).rows.every((h) => h.orgId === w2.orgId)).toBe(true);
    await releaseIfLapsed(db, r1.lead.id, plus(t, days(10)));
    expect(await listPool(db, { actorId: rep2 }, plus(t, days(10)))).toMatchObject({ total: 0 });
    expect(await listMyLeads(db, { actorId: rep2 }, t)).toMatchObject({ total: 1 });
  });
});
