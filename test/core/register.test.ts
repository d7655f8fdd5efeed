import { describe, expect, it } from 'vitest';
import { logFollowUp, markWon, registerLead, releaseIfLapsed } from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { days, lead, newPhone, plus, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

describe('rule 1: first report protects (先报先保)', () => {
  it('makes the first reporter the owner, with the claim time of their message', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const sentAt = sh('2026-11-24T09:00:00');
    const r = await registered(db, lead(rep, sentAt), plus(sentAt, 60_000));
    expect(r.lead.owner?.id).toBe(rep);
    expect(r.lead.registeredAt).toEqual(sentAt);
    expect(r.lead.status).toBe('new');
    expect(r.attribution).toBe('reporter');
    expect(r.lead.phoneVisible).toBe(true);
  });

  it('refuses a later report by someone else, saying who owns it, since when, with the phone masked', async () => {
    const w = await world(db);
    const first = await w.member('张三');
    const later = await w.member('李四');
    const phone = newPhone();
    const sentAt = sh('2026-11-24T09:00:00');
    const r1 = await registered(db, lead(first, sentAt, { phone }));
    const r2 = await registerLead(db, lead(later, sh('2026-11-24T10:00:00'), { phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3)}` }), sh('2026-11-24T10:00:00'));
    expect(r2).toEqual({
      ok: false,
      reason: 'owned',
      owner: { id: first, name: '张三' },
      since: sentAt,
      maskedPhone: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      leadId: r1.lead.id,
      status: 'new',
    });
  });

  it('tells the owner who reports the same customer again that it is already theirs', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const phone = newPhone();
    const r1 = await registered(db, lead(rep, sh('2026-11-24T09:00:00'), { phone }));
    const r2 = await registerLead(db, lead(rep, sh('2026-11-24T11:00:00'), { phone }), sh('2026-11-24T11:00:00'));
    expect(r2).toMatchObject({ ok: false, reason: 'already_yours', leadId: r1.lead.id });
  });

  it('lets anyone register a customer who is in the pool, taking it as a new registration', async () => {
    const w = await world(db);
    const first = await w.member('张三');
    const other = await w.member('李四');
    const phone = newPhone();
    const t0 = sh('2026-11-01T09:00:00');
    const r1 = await registered(db, lead(first, t0, { phone }));
    await releaseIfLapsed(db, r1.lead.id, plus(t0, days(10)));
    const t1 = sh('2026-11-12T09:00:00');
    const r2 = await registered(db, lead(other, t1, { phone }));
    expect(r2.fromPool).toBe(true);
    expect(r2.lead.id).toBe(r1.lead.id);
    expect(r2.lead.owner?.id).toBe(other);
    expect(r2.lead.registeredAt).toEqual(t1);
    expect(r2.quota?.used).toBe(1);
  });

  it('counts the send time: an earlier message processed later takes over a registration nothing has happened to yet', async () => {
    const w = await world(db);
    const early = await w.member('张三');
    const fast = await w.member('李四');
    const phone = newPhone();
    const processed = sh('2026-11-24T10:05:00');
    const r1 = await registered(db, lead(fast, sh('2026-11-24T10:01:00'), { phone }), processed);
    const r2 = await registered(db, lead(early, sh('2026-11-24T10:00:00'), { phone }), plus(processed, 1000));
    expect(r2.lead).toMatchObject({ id: r1.lead.id, owner: { id: early }, registeredAt: sh('2026-11-24T10:00:00') });
    expect(r2.displaced).toEqual({ id: fast, name: '李四' });
    expect(r2.notify).toEqual([{ memberId: fast, kind: 'superseded', leadId: r1.lead.id }]);
    expect(r2.fromPool).toBe(false);
  });

  it('does not let an earlier-sent message take a lead its owner has already worked', async () => {
    const w = await world(db);
    const early = await w.member('张三');
    const fast = await w.member('李四');
    const phone = newPhone();
    const r1 = await registered(db, lead(fast, sh('2026-11-24T10:01:00'), { phone }));
    await logFollowUp(db, { actorId: fast, lead: { leadId: r1.lead.id } }, sh('2026-11-24T10:02:00'));
    const r2 = await registerLead(db, lead(early, sh('2026-11-24T10:00:00'), { phone }), sh('2026-11-24T10:03:00'));
    expect(r2).toMatchObject({ ok: false, reason: 'owned', owner: { id: fast } });
  });

  it('refuses an invalid phone number', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const r = await registerLead(db, lead(rep, sh('2026-11-24T09:00:00'), { phone: '12345' }), sh('2026-11-24T09:00:00'));
    expect(r).toEqual({ ok: false, reason: 'invalid_phone', raw: '12345' });
  });
});

describe('rule 2: before the deal only', () => {
  it('refuses to register a customer who already has a won deal', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const other = await w.member('李四');
    const phone = newPhone();
    const r1 = await registered(db, lead(rep, sh('2026-11-02T09:00:00'), { phone }));
    await markWon(db, { actorId: rep, lead: { leadId: r1.lead.id } }, sh('2026-11-05T09:00:00'));
    const r2 = await registerLead(db, lead(other, sh('2026-11-06T09:00:00'), { phone }), sh('2026-11-06T09:00:00'));
    expect(r2).toMatchObject({ ok: false, reason: 'won', leadId: r1.lead.id, owner: { id: rep, name: '张三' }, wonAt: sh('2026-11-05T09:00:00') });
  });
});

describe('required fields (per team policy)', () => {
  it('by default needs name, phone and an address or a product need, and returns what it understood', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const phone = newPhone();
    const r = await registerLead(db, { actorId: rep, sentAt: sh('2026-11-24T09:00:00'), phone, name: '王先生', source: 'douyin' }, sh('2026-11-24T09:00:00'));
    expect(r).toEqual({
      ok: false,
      reason: 'missing_fields',
      missing: ['address', 'product'],
      missingAnyOf: [['address', 'product']],
      draft: { phone, name: '王先生', source: 'douyin' },
    });
    const ok = await registerLead(db, { actorId: rep, sentAt: sh('2026-11-24T09:00:00'), phone, name: '王先生', product: '床垫' }, sh('2026-11-24T09:00:00'));
    expect(ok.ok).toBe(true);
  });

  it('follows a team that requires name, gender, phone and address (real-estate rules)', async () => {
    const w = await world(db, { requiredFields: ['name', 'gender', 'phone', 'address'], requiredAnyOf: [] });
    const rep = await w.member('张三');
    const r = await registerLead(db, { actorId: rep, sentAt: sh('2026-11-24T09:00:00'), phone: '', name: '李女士', product: '两房' }, sh('2026-11-24T09:00:00'));
    expect(r).toMatchObject({ ok: false, reason: 'missing_fields', missing: ['gender', 'phone', 'address'], missingAnyOf: [] });
  });
});

describe('rule 7: report within 24 h of first contact', () => {
  it('accepts a registration whose first contact is older than the window, flagged late for the managers', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const boss = await w.member('店长', { role: 'manager' });
    const sentAt = sh('2026-11-24T10:00:00');
    const late = await registered(db, lead(rep, sentAt, { firstContactAt: sh('2026-11-23T09:59:00') }));
    expect(late.lateReport).toBe(true);
    expect(late.lead.lateReport).toBe(true);
    expect(late.notify).toEqual([{ memberId: boss, kind: 'late_report', leadId: late.lead.id }]);
    const onTime = await registered(db, lead(rep, sentAt, { firstContactAt: sh('2026-11-23T10:00:00') }));
    expect(onTime.lateReport).toBe(false);
    expect(onTime.notify).toEqual([]);
  });

  it('uses the team policy window', async () => {
    const w = await world(db, { reportWindowHours: 2 });
    const rep = await w.member('张三');
    const r = await registered(db, lead(rep, sh('2026-11-24T10:00:00'), { firstContactAt: sh('2026-11-24T07:30:00') }));
    expect(r.lateReport).toBe(true);
  });
});

describe('rule 8: phone-ins, walk-ins and a named rep', () => {
  it('puts a phone-in without a named rep in the team pool, unattributed, and tells the managers', async () => {
    const w = await world(db);
    const desk = await w.member('前台');
    const boss = await w.member('店长', { role: 'manager' });
    const r = await registered(db, lead(desk, sh('2026-11-24T10:00:00'), { source: 'phone_in' }));
    expect(r.attribution).toBe('pool');
    expect(r.lead.owner).toBeNull();
    expect(r.lead.status).toBe('released');
    expect(r.lead.releaseReason).toBe('phone_in_unattributed');
    expect(r.quota).toBeNull();
    expect(r.notify).toEqual([{ memberId: boss, kind: 'phone_in_unattributed', leadId: r.lead.id }]);
  });

  it('gives a phone-in to the rep the caller named', async () => {
    const w = await world(db);
    const desk = await w.member('前台');
    const named = await w.member('王芳');
    const r = await registered(db, lead(desk, sh('2026-11-24T10:00:00'), { source: 'phone_in', extra: { namedRep: '王芳' } }));
    expect(r.attribution).toBe('named_rep');
    expect(r.lead.owner).toEqual({ id: named, name: '王芳' });
    expect(r.lead.registeredBy).toEqual({ id: desk, name: '前台' });
    expect(r.notify).toEqual([{ memberId: named, kind: 'assigned', leadId: r.lead.id }]);
    expect(r.quota?.used).toBe(1);
  });

  it('refuses a named rep nobody in the team is called', async () => {
    const w = await world(db);
    const desk = await w.member('前台');
    const r = await registerLead(db, lead(desk, sh('2026-11-24T10:00:00'), { extra: { namedRep: '不存在' } }), sh('2026-11-24T10:00:00'));
    expect(r).toEqual({ ok: false, reason: 'unknown_rep', namedRep: '不存在' });
  });

  it('gives a walk-in to the rep who received it (首接负责制)', async () => {
    const w = await world(db);
    const rep = await w.member('张三');
    const r = await registered(db, lead(rep, sh('2026-11-24T10:00:00'), { source: 'walk_in' }));
    expect(r.lead.owner?.id).toBe(rep);
    expect(r.attribution).toBe('reporter');
  });
});

describe('possible duplicates: same name and address, different phone', () => {
  it('accepts the registration and warns', async () => {
    const w = await world(db);
    const a = await w.member('张三');
    const b = await w.member('李四');
    const first = await registered(db, lead(a, sh('2026-11-24T10:00:00'), { name: '赵姐', address: '西湖区翠苑一区' }));
    const r = await registered(db, lead(b, sh('2026-11-24T11:00:00'), { name: '赵姐', address: '西湖区翠苑一区' }));
    expect(r.possibleDuplicates).toEqual([
      { leadId: first.lead.id, name: '赵姐', address: '西湖区翠苑一区', maskedPhone: first.lead.maskedPhone, owner: { id: a, name: '张三' } },
    ]);
  });
});

describe('members without a team, unknown members', () => {
  it('refuses plainly', async () => {
    const w = await world(db);
    const loner = await w.member('无组', { teamId: null });
    expect(await registerLead(db, lead(loner, sh('2026-11-24T10:00:00')), sh('2026-11-24T10:00:00'))).toEqual({ ok: false, reason: 'no_team' });
    expect(await registerLead(db, lead('nobody', sh('2026-11-24T10:00:00')), sh('2026-11-24T10:00:00'))).toEqual({ ok: false, reason: 'unknown_member' });
  });
});
