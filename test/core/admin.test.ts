import { describe, expect, it } from 'vitest';
import {
  editLead,
  eraseCustomer,
  handoverLeads,
  leadHistory,
  listPool,
  logFollowUp,
  lookupLeads,
  registerLead,
  releaseIfLapsed,
  undoRegistration,
} from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { days, lead, newPhone, plus, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

describe('handover: a leaving rep’s open leads', () => {
  it('go to another rep with fresh protection, history, audit and notifications', async () => {
    const w = await world(db);
    const leaving = await w.member('离职的张三');
    const taker = await w.member('李四');
    const admin = await w.member('运营', { role: 'admin' });
    const t0 = sh('2026-11-01T10:00:00');
    const a = await registered(db, lead(leaving, t0));
    const b = await registered(db, lead(leaving, t0));
    const now = sh('2026-11-05T10:00:00');
    expect(await handoverLeads(db, { actorId: leaving, fromMemberId: leaving, toMemberId: taker }, now)).toEqual({ ok: false, reason: 'not_admin' });
    const h = await handoverLeads(db, { actorId: admin, fromMemberId: leaving, toMemberId: taker }, now);
    expect(h).toMatchObject({ ok: true, from: { id: leaving }, to: { id: taker } });
    if (!h.ok) return;
    expect(h.moved.sort()).toEqual([a.lead.id, b.lead.id].sort());
    expect(h.notify.map((n) => [n.memberId, n.kind])).toEqual([[leaving, 'handover_out'], [taker, 'handover_in']]);
    const rows = await db.lead.findMany({ where: { id: { in: h.moved } } });
    for (const row of rows) expect(row).toMatchObject({ ownerId: taker, previousOwnerId: leaving, protectionUntil: plus(now, days(10)) });
    expect((await leadHistory(db, a.lead.id)).at(-1)).toMatchObject({ changeKind: 'handover', ownerId: taker, actorId: admin });
    expect(await db.auditLog.count({ where: { action: 'handover', actorId: admin } })).toBe(1);
  });

  it('or to the pool', async () => {
    const w = await world(db);
    const leaving = await w.member('离职的张三');
    const admin = await w.member('运营', { role: 'admin' });
    const a = await registered(db, lead(leaving, sh('2026-11-01T10:00:00')));
    const h = await handoverLeads(db, { actorId: admin, fromMemberId: leaving, toMemberId: null }, sh('2026-11-05T10:00:00'));
    expect(h).toMatchObject({ ok: true, moved: [a.lead.id], to: null });
    const pool = await listPool(db, { actorId: admin }, sh('2026-11-05T10:00:00'));
    expect(pool).toMatchObject({ ok: true, items: [{ leadId: a.lead.id, releaseReason: 'handover' }] });
  });
});

describe('privacy: erasing a customer on request (PIPL)', () => {
  it('anonymizes the customer, keeps an anonymized history, and is audit-logged', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const admin = await w.member('运营', { role: 'admin' });
    const phone = newPhone();
    const r = await registered(db, lead(rep, sh('2026-11-01T10:00:00'), { phone, name: '王建国', address: '滨江区星光小区', notes: '老婆姓李' }));
    await logFollowUp(db, { actorId: rep, lead: { leadId: r.lead.id }, content: '他家住3栋' }, sh('2026-11-02T10:00:00'));
    expect(await eraseCustomer(db, { actorId: rep, leadId: r.lead.id }, sh('2026-11-03T10:00:00'))).toEqual({ ok: false, reason: 'not_admin' });
    expect(await eraseCustomer(db, { actorId: admin, leadId: r.lead.id }, sh('2026-11-03T10:00:00'))).toEqual({ ok: true, leadId: r.lead.id, erasedAt: sh('2026-11-03T10:00:00') });

    const row = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id }, include: { followUps: true, history: true } });
    expect(row).toMatchObject({ name: '已删除', address: null, notes: null, product: null, nextFollowUpAt: null });
    expect(row.phone).not.toContain(phone);
    expect(row.followUps.map((f) => f.content)).toEqual(['']);
    expect(row.history.map((h) => h.changeKind)).toEqual(expect.arrayContaining(['register', 'erase']));
    const everything = JSON.stringify(await db.auditLog.findMany({ where: { orgId: w.orgId } }));
    expect(everything).not.toContain(phone);
    expect(everything).not.toContain('王建国');
    expect(await db.auditLog.count({ where: { action: 'erase', leadId: r.lead.id } })).toBe(1);
    expect(await lookupLeads(db, { actorId: rep, query: phone }, sh('2026-11-03T10:00:00'))).toMatchObject({ total: 0 });
    // The same person may come back later as a new customer.
    expect(await registerLead(db, lead(rep, sh('2026-11-04T10:00:00'), { phone }), sh('2026-11-04T10:00:00'))).toMatchObject({ ok: true, fromPool: false });
  });
});

describe('undo a registration (撤销)', () => {
  it('removes a new lead within the window, by its registrant only', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const other = await w.member('李四');
    const t = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(rep, t));
    expect(r.undoUntil).toEqual(plus(t, 5 * 60_000));
    expect(await undoRegistration(db, { actorId: other, leadId: r.lead.id }, plus(t, 60_000))).toEqual({ ok: false, reason: 'not_registrant' });
    expect(await undoRegistration(db, { actorId: rep, leadId: r.lead.id }, plus(t, 60_000))).toEqual({ ok: true, leadId: r.lead.id, removed: true, restoredStatus: null });
    expect(await db.lead.count({ where: { id: r.lead.id } })).toBe(0);
  });

  it('is refused after the window or once something else happened', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const t = sh('2026-11-01T10:00:00');
    const late = await registered(db, lead(rep, t));
    expect(await undoRegistration(db, { actorId: rep, leadId: late.lead.id }, plus(t, 5 * 60_000 + 1))).toMatchObject({ ok: false, reason: 'window_passed' });
    const busy = await registered(db, lead(rep, t));
    await logFollowUp(db, { actorId: rep, lead: { leadId: busy.lead.id }, at: plus(t, 60_000) }, plus(t, 60_000));
    expect(await undoRegistration(db, { actorId: rep, leadId: busy.lead.id }, plus(t, 120_000))).toEqual({ ok: false, reason: 'changed' });
  });

  it('puts a lead taken from the pool back in the pool as it was', async () => {
    const w = await world(db);
    const first = await w.member('张三');
    const second = await w.member('李四');
    const t0 = sh('2026-11-01T10:00:00');
    const r = await registered(db, lead(first, t0));
    await releaseIfLapsed(db, r.lead.id, plus(t0, days(10)));
    const before = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    const t1 = sh('2026-11-20T10:00:00');
    await registered(db, lead(second, t1, { phone: r.lead.phone }));
    expect(await undoRegistration(db, { actorId: second, leadId: r.lead.id }, plus(t1, 60_000))).toEqual({ ok: true, leadId: r.lead.id, removed: false, restoredStatus: 'released' });
    const after = await db.lead.findUniqueOrThrow({ where: { id: r.lead.id } });
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    expect((await leadHistory(db, r.lead.id)).map((h) => [h.changeKind, h.validTo])).toEqual([
      ['register', plus(t0, days(10))],
      ['release', null],
    ]);
  });
});

describe('undo after an earlier-sent message displaced a registration', () => {
  it('gives the lead back to the rep it was taken from', async () => {
    const w = await world(db);
    const early = await w.member('张三');
    const fast = await w.member('李四');
    const phone = newPhone();
    const t = sh('2026-11-24T10:01:00');
    const r1 = await registered(db, lead(fast, t, { phone }));
    const r2 = await registered(db, lead(early, sh('2026-11-24T10:00:00'), { phone }), plus(t, 1000));
    expect(r2.displaced?.id).toBe(fast);
    expect(await undoRegistration(db, { actorId: early, leadId: r1.lead.id }, plus(t, 60_000))).toMatchObject({ ok: true, removed: false, restoredStatus: 'new' });
    expect(await db.lead.findUniqueOrThrow({ where: { id: r1.lead.id } })).toMatchObject({ ownerId: fast, registeredById: fast, registeredAt: t });
    expect(await leadHistory(db, r1.lead.id)).toMatchObject([{ changeKind: 'register', ownerId: fast, validFrom: t, validTo: null }]);
  });
});

describe('editing a lead', () => {
  it('lets the owner correct fields, and keeps the phone unique', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const other = await w.member('李四');
    const t = sh('2026-11-01T10:00:00');
    const a = await registered(db, lead(rep, t));
    const b = await registered(db, lead(rep, t));
    expect(await editLead(db, { actorId: rep, leadId: a.lead.id, changes: { address: '上城区', level: 'A' } }, t)).toMatchObject({ ok: true, changed: expect.arrayContaining(['address', 'level']), lead: { address: '上城区', level: 'A' } });
    expect(await editLead(db, { actorId: rep, leadId: a.lead.id, changes: { phone: b.lead.phone } }, t)).toMatchObject({ ok: false, reason: 'phone_taken', leadId: b.lead.id });
    expect(await editLead(db, { actorId: other, leadId: a.lead.id, changes: { notes: 'x' } }, t)).toMatchObject({ ok: false, reason: 'not_yours' });
  });
});
