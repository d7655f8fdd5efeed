import { describe, expect, it } from 'vitest';
import { trafficTable, type TrafficCounts } from '../../src/core/receptions/index.js';
import { testDb } from '../helpers/db.js';
import { newPhone, sh, world } from './fixtures.js';

const { db } = await testDb();

const c = (v: Partial<TrafficCounts> = {}): TrafficCounts => ({ walkIn: 0, walkInContact: 0, phoneIn: 0, phoneInContact: 0, orders: 0, showroomSales: 0, ...v });

/** One showroom day, seeded as rows: the parties and calls of 2026-12-01 and the month's wins. */
async function seededShowroom() {
  const w = await world(db);
  const a = await w.member('李娜');
  const b = await w.member('王小明');
  const reception = (receivedById: string, kind: 'walk_in' | 'phone_in', local: string, extra: { contactLeft?: boolean; ordered?: boolean; phone?: string; leadId?: string } = {}) =>
    db.reception.create({
      data: { orgId: w.orgId, teamId: w.teamId, kind, inAt: sh(local), receivedById, loggedById: receivedById, loggedAt: sh(local), contactLeft: extra.contactLeft ?? false, ordered: extra.ordered ?? false, phone: extra.phone ?? null, leadId: extra.leadId ?? null },
    });
  const won = (local: string, phone = newPhone()) =>
    db.lead.create({ data: { orgId: w.orgId, teamId: w.teamId, phone, name: '客户', registeredAt: sh('2026-11-20T10:00:00'), status: 'won', wonAt: sh(local), ownerId: a } });

  const p1 = newPhone();
  const p5 = newPhone();
  await reception(a, 'walk_in', '2026-12-01T08:15:00');
  await reception(a, 'walk_in', '2026-12-01T09:50:00', { contactLeft: true, phone: p1 });
  const call = await reception(b, 'phone_in', '2026-12-01T10:30:00', { contactLeft: true });
  await reception(b, 'phone_in', '2026-12-01T10:45:00');
  await reception(a, 'walk_in', '2026-12-01T11:59:00', { contactLeft: true, ordered: true });
  await reception(a, 'walk_in', '2026-12-01T14:00:00');
  await reception(b, 'walk_in', '2026-12-01T19:59:00');
  await reception(b, 'walk_in', '2026-12-01T20:00:00');
  await reception(b, 'phone_in', '2026-12-01T07:30:00');
  await reception(a, 'walk_in', '2026-12-02T09:00:00');
  await reception(a, 'walk_in', '2026-11-30T15:00:00', { contactLeft: true, phone: p5 });

  await won('2026-12-01T16:30:00', p1); // received by phone at 09:50: a showroom sale, 16–18
  const l2 = await won('2026-12-01T12:30:00'); // linked to the 10:30 call: a showroom sale, 12–14
  await db.reception.update({ where: { id: call.id }, data: { leadId: l2.id } });
  await won('2026-12-01T15:00:00'); // never received: in the month's total only
  await won('2026-11-30T11:00:00'); // last month
  await won('2026-12-01T09:00:00', p5); // received the day before: a showroom sale, 08–10
  await won('2026-12-02T10:00:00'); // the next day
  return { w, a, b };
}

describe('展厅客流量统计表 from reception records', () => {
  it('a seeded day, cell by cell: parties, contacts left, orders and showroom sales per slot, the month’s sales and the rates', async () => {
    const { w, a, b } = await seededShowroom();
    const t = await trafficTable(db, { id: w.teamId, timeZone: 'Asia/Shanghai' }, 'day', sh('2026-12-01T19:00:00'));
    expect(t.days.map((d) => d.day)).toEqual(['2026-12-01']);
    expect(t.days[0]?.slots).toEqual([
      c({ walkIn: 2, walkInContact: 1, showroomSales: 1 }), // 08–10
      c({ walkIn: 1, walkInContact: 1, phoneIn: 2, phoneInContact: 1, orders: 1 }), // 10–12
      c({ showroomSales: 1 }), // 12–14
      c({ walkIn: 1 }), // 14–16
      c({ showroomSales: 1 }), // 16–18
      c({ walkIn: 1 }), // 18–20
      c({ walkIn: 1, phoneIn: 1 }), // outside the form's hours: 07:30 and 20:00
    ]);
    expect(t.total).toEqual(c({ walkIn: 6, walkInContact: 2, phoneIn: 3, phoneInContact: 1, orders: 1, showroomSales: 3 }));
    expect(t.days[0]?.total).toEqual(t.total);
    expect(t).toMatchObject({ monthSales: 4, monthShowroomSales: 3, showroomRatePct: 75, conversionPct: 11.1, captureRatePct: 33.3 });
    expect(t.reps).toEqual([
      { memberId: b, name: '王小明', parties: 5, contacts: 1, orders: 0, captureRatePct: 20 },
      { memberId: a, name: '李娜', parties: 4, contacts: 2, orders: 1, captureRatePct: 50 },
    ]);
  });

  it('per week: one row per day, the slots summed over the week, the month as of the week’s last day', async () => {
    const { w } = await seededShowroom();
    const t = await trafficTable(db, { id: w.teamId, timeZone: 'Asia/Shanghai' }, 'week', sh('2026-12-07T19:00:00'));
    expect(t.days.map((d) => [d.day, d.total.walkIn + d.total.phoneIn])).toEqual([
      ['2026-11-30', 1],
      ['2026-12-01', 9],
      ['2026-12-02', 1],
      ['2026-12-03', 0],
      ['2026-12-04', 0],
      ['2026-12-05', 0],
      ['2026-12-06', 0],
    ]);
    expect(t.bySlot[0]).toEqual(c({ walkIn: 3, walkInContact: 1, showroomSales: 1 }));
    expect(t.total).toMatchObject({ walkIn: 8, walkInContact: 3, phoneIn: 3, showroomSales: 3 });
    expect(t).toMatchObject({ monthSales: 5, monthShowroomSales: 3, showroomRatePct: 60 });
  });

  it('a team with no receptions reads zeros and no rates', async () => {
    const w = await world(db);
    const t = await trafficTable(db, { id: w.teamId, timeZone: 'Asia/Shanghai' }, 'month', sh('2026-12-01T19:00:00'));
    expect(t.days).toHaveLength(30);
    expect(t.total).toEqual(c());
    expect(t).toMatchObject({ monthSales: 0, showroomRatePct: null, conversionPct: null, captureRatePct: null, reps: [] });
  });
});
