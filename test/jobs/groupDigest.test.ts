import { describe, expect, it } from 'vitest';
import { buildGroupDigest } from '../../src/core/digests/buildGroup.js';
import { buildManagerDigest } from '../../src/core/digests/build.js';
import { STORE_TOTAL_KEYS, type StoreTotals } from '../../src/core/digests/storeNumbers.js';
import { logFollowUp, markLost, markWon, registerLead } from '../../src/core/leads/index.js';
import { logReception } from '../../src/core/receptions/index.js';
import { setTarget } from '../../src/core/targets/index.js';
import { settled, world } from './setup.js';

// Three stores of one dealer group, Asia/Shanghai; the evening of 2026-12-15 (a Tuesday).
const w = await world({ start: '2026-12-15T12:00:00Z' });
const { db } = w;
const now = new Date('2026-12-15T12:00:00Z'); // 20:00 local
const at = (local: string) => new Date(`2026-12-15T${local}:00+08:00`);

async function store(name: string) {
  const team = await db.team.create({ data: { orgId: w.org.id, name } });
  const member = (n: string, role: 'rep' | 'manager') => db.member.create({ data: { orgId: w.org.id, teamId: team.id, platformUserId: `ou_${name}_${n}`, name: n, role } });
  return { id: team.id, rep: (await member(`${name}销售`, 'rep')).id, manager: (await member(`${name}经理`, 'manager')).id };
}
const stores = [{ id: w.team.id, rep: w.rep.id, manager: w.manager.id }, await store('滨江店'), await store('西湖店')];

let seq = 0;
async function customer(repId: string, local: string, extra: { source?: string } = {}) {
  seq++;
  const r = await registerLead(db, { actorId: repId, sentAt: at(local), phone: `1350013${String(8000 + seq)}`, name: `客户${seq}`, product: '星河 S7', ...extra }, at(local));
  if (!r.ok) throw new Error(`registration refused: ${r.reason}`);
  return r.lead.id;
}

// Store 1 (销售一组): busy. Store 2: a little. Store 3: only parties that left nothing.
{
  const [s1, s2, s3] = stores as [(typeof stores)[number], (typeof stores)[number], (typeof stores)[number]];
  const a = await customer(s1.rep, '09:30');
  const b = await customer(s1.rep, '10:30');
  await customer(s1.rep, '11:00');
  await logFollowUp(db, { actorId: s1.rep, lead: { leadId: a }, milestone: 'deposit', at: at('14:00') }, at('14:00'));
  await markWon(db, { actorId: s1.rep, lead: { leadId: b }, at: at('16:00') }, at('16:00'));
  await logReception(db, { actorId: s1.rep, sentAt: at('10:00'), kind: 'walk_in', name: '周先生', phone: '13500139990', product: '星河 S9' }, at('10:00'));
  await logReception(db, { actorId: s1.rep, sentAt: at('15:00'), kind: 'phone_in', inAt: '14:10' }, at('15:00'));
  const c = await customer(s2.rep, '10:00');
  await markLost(db, { actorId: s2.rep, lead: { leadId: c }, reason: '价格太高', at: at('17:00') }, at('17:00'));
  await logReception(db, { actorId: s2.rep, sentAt: at('11:00'), kind: 'walk_in', groupSize: 3, ordered: false }, at('11:00'));
  for (const t of ['10:00', '13:00', '19:30']) await logReception(db, { actorId: s3.rep, sentAt: at(t), kind: 'walk_in', contactLeft: false }, at(t));
  await setTarget(db, { actorId: s1.manager, memberId: null, month: '2026-12', values: { wins: 10, newLeads: 60 } }, at('09:00'));
  await setTarget(db, { actorId: s2.manager, memberId: s2.rep, month: '2026-12', values: { wins: 4 } }, at('09:00'));
}

const sum = (rows: StoreTotals[]): StoreTotals => Object.fromEntries(STORE_TOTAL_KEYS.map((k) => [k, rows.reduce((a, r) => a + r[k], 0)])) as unknown as StoreTotals;

describe('the group digest (运营经理): every store, and the sums', () => {
  it('each store’s row is that store’s own digest, and the group’s numbers are their sum', async () => {
    const group = (await buildGroupDigest(db, w.org.id, now, 'day'))!.numbers;
    expect(group.stores).toHaveLength(3);
    const own: StoreTotals[] = [];
    for (const s of stores) {
      const d = (await buildManagerDigest(db, s.id, now, 'day'))!.numbers;
      const mine: StoreTotals = { ...d.totals, receptions: d.store.totals.receptions, contactsLeft: d.store.totals.contactsLeft, orders: d.store.totals.orders, deposits: d.store.totals.deposits };
      own.push(mine);
      const row = group.stores.find((g) => g.teamId === s.id);
      expect(row?.totals).toEqual(mine);
      expect(row?.lostReasons).toEqual(d.lostReasons);
      expect(row?.targets.team).toEqual(d.store.targets.team);
    }
    expect(group.totals).toEqual(sum(own));
    // And what those sums are, so the test fails if every digest is wrong the same way.
    expect(group.totals).toEqual({ newLeads: 5, followUpsDone: 3, followUpsDue: 3, overdue: 0, won: 1, lost: 1, receptions: 6, contactsLeft: 1, orders: 0, deposits: 1 });
    expect(group.captureRatePct).toBe(16.7);
    expect(group.lostReasons).toEqual([{ reason: '价格太高', count: 1 }]);
    expect(group.targets.map((t) => [t.measure, t.target, t.actual])).toEqual([
      ['newLeads', 60, 5],
      ['receptions', null, 6],
      ['deposits', null, 1],
      ['wins', 14, 1],
    ]);
  });

  it('ranks the stores: most wins, then deposits, receptions, new leads', async () => {
    const { numbers: group, card } = (await buildGroupDigest(db, w.org.id, now, 'day'))!;
    expect(group.stores.map((s) => [s.rank, s.teamName])).toEqual([
      [1, '销售一组'],
      [2, '西湖店'],
      [3, '滨江店'],
    ]);
    const table = card.elements.find((e) => e.type === 'table' && e.columns[0] === '排名');
    expect(table).toMatchObject({ rows: [['1', '销售一组', '1', '1', '4', '2（50%）'], ['2', '西湖店', '0', '0', '0', '3（0%）'], ['3', '滨江店', '0', '0', '1', '1（0%）']] });
  });

  it('goes to the org’s group managers at the evening run, once each', async () => {
    const gm = await db.member.create({ data: { orgId: w.org.id, teamId: null, platformUserId: 'ou_gm', name: '运营王经理', role: 'group_manager' } });
    await w.jobs.runDigest({ kind: 'group', orgId: w.org.id }, now);
    await w.jobs.runDigest({ kind: 'group', orgId: w.org.id }, now);
    const rows = await db.outboundMessage.findMany({ where: { dedupeKey: { startsWith: `digest-group:${w.org.id}:` } } });
    expect(rows.map((r) => [r.dedupeKey, r.target])).toEqual([[`digest-group:${w.org.id}:2026-12-15:${gm.id}`, 'ou_gm']]);
    const sent = await settled(db, rows[0]?.dedupeKey ?? '');
    const message = w.fake.sent.find((s) => s.messageId === sent.messageId);
    expect(JSON.stringify(message?.content)).toContain('星河汽车 · 集团日报');
    expect(JSON.stringify(message?.content)).toContain('西湖店');
  });
});
