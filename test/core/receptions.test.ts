import { describe, expect, it } from 'vitest';
import { linkReceptionsByPhone, logReception, type ReceptionInput } from '../../src/core/receptions/index.js';
import { testDb } from '../helpers/db.js';
import { lead, newPhone, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

const walkIn = (actorId: string, sentAt: Date, extra: Partial<ReceptionInput> = {}): ReceptionInput => ({ actorId, sentAt, kind: 'walk_in', ...extra });

describe('every walk-in and every call is logged, contact or not (来店(电)顾客登记表)', () => {
  it('a party that left nothing is stored for the traffic count, with no lead', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const at = sh('2026-12-01T11:15:00');
    const r = await logReception(db, walkIn(rep, at, { groupSize: 2, product: '瑞虎8', inAt: '10:30', outAt: '11:10', contactLeft: false, name: '某先生' }), at);
    expect(r).toMatchObject({
      ok: true,
      repeated: false,
      lead: { kind: 'none' },
      reception: { kind: 'walk_in', groupSize: 2, product: '瑞虎8', inAt: sh('2026-12-01T10:30:00'), outAt: sh('2026-12-01T11:10:00'), contactLeft: false, leadId: null, receivedBy: { id: rep, name: '李娜' }, name: '某先生' },
    });
    expect(await db.lead.count({ where: { orgId: w.orgId } })).toBe(0);
    expect(await db.reception.count({ where: { teamId: w.teamId } })).toBe(1);
  });

  it('a walk-in with a phone registers the customer to the receiving rep (首接负责制), the reception linked to the lead', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const phone = newPhone();
    const at = sh('2026-12-01T15:00:00');
    const r = await logReception(db, walkIn(rep, at, { name: '王先生', phone, product: '三房', inAt: '14:20', level: 'A' }), at);
    if (!r.ok || r.lead.kind !== 'registration' || !r.lead.result.ok) throw new Error(`expected a registration, got ${JSON.stringify(r)}`);
    expect(r.lead.result.lead).toMatchObject({ name: '王先生', product: '三房', source: 'walk_in', level: 'A', owner: { id: rep }, firstContactAt: sh('2026-12-01T14:20:00'), registeredAt: at });
    expect(r.reception).toMatchObject({ contactLeft: true, leadId: r.lead.result.lead.id, phone });
  });

  it('the front desk logs a party for the rep who received it: the customer is that rep’s', async () => {
    const w = await world(db);
    const desk = await w.member('前台小周', { isStoreStaff: true });
    const rep = await w.member('王小明');
    const phone = newPhone();
    const at = sh('2026-12-01T10:00:00');
    const r = await logReception(db, walkIn(desk, at, { receivedById: rep, name: '陈女士', phone, product: '床垫' }), at);
    expect(r).toMatchObject({ ok: true, reception: { receivedBy: { id: rep }, loggedBy: { id: desk, name: '前台小周' } } });
    expect(await db.lead.findFirst({ where: { phone } })).toMatchObject({ ownerId: rep, registeredById: rep });
  });

  it('a receiver from another team is refused and nothing is stored', async () => {
    const w = await world(db);
    const desk = await w.member('前台');
    const elsewhere = await w.member('外店销售', { teamId: await w.team('二店') });
    const at = sh('2026-12-01T10:00:00');
    expect(await logReception(db, walkIn(desk, at, { receivedById: elsewhere }), at)).toEqual({ ok: false, reason: 'unknown_receiver' });
    expect(await db.reception.count({ where: { teamId: w.teamId } })).toBe(0);
  });

  it('a call with a phone follows rule 8: to the pool unless the caller named a rep', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const other = await w.member('赵强');
    await w.member('张经理', { role: 'manager' });
    const at = sh('2026-12-01T10:00:00');
    const plain = await logReception(db, { actorId: rep, sentAt: at, kind: 'phone_in', name: '李女士', phone: newPhone(), product: '瑞虎8', note: '问价格' }, at);
    if (!plain.ok || plain.lead.kind !== 'registration' || !plain.lead.result.ok) throw new Error('expected a registration');
    expect(plain.lead.result).toMatchObject({ attribution: 'pool', lead: { status: 'released', source: 'phone_in', owner: null } });
    expect(plain.notify.map((n) => n.kind)).toEqual(['phone_in_unattributed']);
    const named = await logReception(db, { actorId: rep, sentAt: at, kind: 'phone_in', name: '周先生', phone: newPhone(), product: '瑞虎8', namedRep: '赵强' }, at);
    if (!named.ok || named.lead.kind !== 'registration' || !named.lead.result.ok) throw new Error('expected a registration');
    expect(named.lead.result).toMatchObject({ attribution: 'named_rep', lead: { owner: { id: other } } });
  });

  it('a returning customer of the receiver’s is a visit on their lead, and an order on the spot is its deposit', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const phone = newPhone();
    const first = await registered(db, lead(rep, sh('2026-11-28T10:00:00'), { phone }));
    const at = sh('2026-12-01T16:00:00');
    const again = await logReception(db, walkIn(rep, at, { phone, inAt: '15:00', note: '带家人再看' }), at);
    expect(again).toMatchObject({ ok: true, lead: { kind: 'followup', result: { ok: true, milestoneReached: 'visit', lead: { id: first.lead.id, status: 'milestone' } } }, reception: { leadId: first.lead.id } });
    expect(await db.followUp.findFirst({ where: { leadId: first.lead.id } })).toMatchObject({ method: 'store', milestone: 'visit', at: sh('2026-12-01T15:00:00'), content: '带家人再看' });

    const ordered = await logReception(db, walkIn(rep, at, { name: '钱先生', phone: newPhone(), product: '瑞虎8', ordered: true }), at);
    if (!ordered.ok || ordered.lead.kind !== 'registration' || !ordered.lead.result.ok) throw new Error('expected a registration');
    expect(ordered.lead.result.lead.status).toBe('deposit');
    expect(ordered.reception.ordered).toBe(true);
  });

  it('a customer someone else owns: the party is still logged and linked, the receiver is told who owns it', async () => {
    const w = await world(db);
    const owner = await w.member('王小明');
    const rep = await w.member('李娜');
    const phone = newPhone();
    const theirs = await registered(db, lead(owner, sh('2026-11-28T10:00:00'), { phone }));
    const at = sh('2026-12-01T10:00:00');
    const r = await logReception(db, walkIn(rep, at, { name: '王先生', phone, product: '床垫' }), at);
    expect(r).toMatchObject({ ok: true, lead: { kind: 'registration', result: { ok: false, reason: 'owned', owner: { id: owner } } }, reception: { leadId: theirs.lead.id, receivedBy: { id: rep } } });
  });

  it('a phone without the fields registration needs: logged now, the lead found when it is registered later', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const phone = newPhone();
    const at = sh('2026-12-01T10:00:00');
    const r = await logReception(db, walkIn(rep, at, { phone }), at);
    expect(r).toMatchObject({ ok: true, lead: { kind: 'registration', result: { ok: false, reason: 'missing_fields' } }, reception: { leadId: null, contactLeft: true } });
    const later = await registered(db, lead(rep, sh('2026-12-01T10:05:00'), { phone }));
    expect(await linkReceptionsByPhone(db, w.orgId, phone, later.lead.id)).toBe(1);
    expect(await db.reception.findFirst({ where: { teamId: w.teamId } })).toMatchObject({ leadId: later.lead.id });
  });
});

describe('late logging: until the end of the day, with the real times', () => {
  it('a morning party logged in the evening keeps its morning times and is marked late', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const at = sh('2026-12-01T23:50:00');
    const r = await logReception(db, walkIn(rep, at, { inAt: '09:40', outAt: '10:05' }), sh('2026-12-02T00:10:00'));
    expect(r).toMatchObject({ ok: true, reception: { inAt: sh('2026-12-01T09:40:00'), outAt: sh('2026-12-01T10:05:00'), loggedAt: at, loggedLate: true } });
  });

  it("yesterday's party is refused, saying until when it could be logged", async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const at = sh('2026-12-02T08:30:00');
    expect(await logReception(db, walkIn(rep, at, { inAt: sh('2026-12-01T18:00:00') }), at)).toEqual({
      ok: false,
      reason: 'too_late',
      inAt: sh('2026-12-01T18:00:00'),
      loggableUntil: sh('2026-12-02T00:00:00'),
    });
  });

  it('refuses an arrival after the message, leaving before arriving, a bad phone and a party of none', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const at = sh('2026-12-01T10:00:00');
    expect(await logReception(db, walkIn(rep, at, { inAt: '11:00' }), at)).toMatchObject({ ok: false, reason: 'in_future' });
    expect(await logReception(db, walkIn(rep, at, { inAt: '09:00', outAt: '08:30' }), at)).toMatchObject({ ok: false, reason: 'out_before_in' });
    expect(await logReception(db, walkIn(rep, at, { phone: '1381234' }), at)).toEqual({ ok: false, reason: 'invalid_phone', raw: '1381234' });
    expect(await logReception(db, walkIn(rep, at, { groupSize: 0 }), at)).toEqual({ ok: false, reason: 'bad_group_size', value: 0 });
    expect(await logReception(db, walkIn(rep, at, { inAt: '25:00' }), at)).toEqual({ ok: false, reason: 'bad_time', value: '25:00' });
    expect(await db.reception.count({ where: { teamId: w.teamId } })).toBe(0);
  });

  it('the same message logged twice is one reception', async () => {
    const w = await world(db);
    const rep = await w.member('李娜');
    const at = sh('2026-12-01T10:00:00');
    const one = await logReception(db, walkIn(rep, at, { sourceKey: 'msg-1', name: '孙先生', phone: newPhone(), product: '床垫' }), at);
    const two = await logReception(db, walkIn(rep, at, { sourceKey: 'msg-1', name: '孙先生', phone: newPhone(), product: '床垫' }), at);
    expect(one.ok && two.ok && two.repeated && two.reception.id === one.reception.id).toBe(true);
    expect(await db.reception.count({ where: { teamId: w.teamId } })).toBe(1);
    expect(await db.lead.count({ where: { orgId: w.orgId } })).toBe(1);
  });
});
