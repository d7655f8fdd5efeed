import type { Db } from '../../../src/db/client.js';
import { logFollowUp, markLost, markWon, registerLead } from '../../../src/core/leads/index.js';
import type { RegisterInput } from '../../../src/core/leads/index.js';
import { refreshDashboard } from '../../../src/core/dashboard/refresh.js';

/**
 * Five customers in two teams, 20–24 November 2026 (Shanghai), for the 看板's tests: what each
 * chart must show is written beside them.
 *   trend (day, online/offline): 20th 1/1, 21st 1/0, 22nd 0/1, 23rd 1/0, 24th 0/0
 *   channels: 抖音 2, 自然到店 1, 小红书 1, 转介绍 1 (online 3, offline 2)
 *   location: 杭州市 4 (西湖区 2, 余杭区 1, 滨江区 1), 上海市 1 (浦东新区 1)
 *   products: 床垫 A1 3, 沙发 S2 2 · stores: 滨江店 3 (won 1), 西湖店 2 · teams: first 4, second 1
 *   funnel: 5 → 2 → 1 → 1 → 1, lost 价格太高 1
 */
export const PERIOD = { period: 'custom', from: '2026-11-20', to: '2026-11-24' } as const;
const sh = (local: string) => new Date(`${local}+08:00`);

export interface Seeded {
  leads: Record<'a' | 'b' | 'c' | 'd' | 'e', { id: string; phone: string; name: string }>;
}

export interface SeedMembers {
  /** First team: two reps. */
  repA: string;
  repB: string;
  /** Second team: one rep. */
  repC: string;
}

export async function seedLeads(db: Db, m: SeedMembers): Promise<Seeded> {
  const reg = async (actorId: string, at: string, phone: string, name: string, extra: Partial<RegisterInput>) => {
    const r = await registerLead(db, { actorId, sentAt: sh(at), phone, name, ...extra }, sh(at));
    if (!r.ok) throw new Error(`seed registration refused: ${r.reason}`);
    return { id: r.lead.id, phone, name };
  };
  const leads = {
    a: await reg(m.repA, '2026-11-20T10:15:00', '13900001001', '周先生', { source: 'douyin', address: '杭州市西湖区文三路', product: '床垫 A1', store: '滨江店' }),
    b: await reg(m.repA, '2026-11-20T14:30:00', '13900001002', '吴女士', { source: 'walk_in', address: '杭州市滨江区星光小区', product: '床垫 A1', store: '滨江店' }),
    c: await reg(m.repB, '2026-11-21T09:05:00', '13900001003', '郑先生', { source: 'xiaohongshu', address: '杭州市余杭区良渚', product: '沙发 S2', store: '滨江店', level: 'A' }),
    d: await reg(m.repB, '2026-11-22T11:00:00', '13900001004', '=冯女士', { source: 'referral', address: '上海市浦东新区', product: '床垫 A1', store: '西湖店' }),
    e: await reg(m.repC, '2026-11-23T16:45:00', '13900001005', '陈先生', { source: 'douyin', address: '杭州市西湖区', product: '沙发 S2', store: '西湖店' }),
  };
  await logFollowUp(db, { actorId: m.repA, lead: { leadId: leads.a.id }, at: sh('2026-11-21T10:00:00'), content: '到店看样', milestone: 'visit' }, sh('2026-11-21T10:00:00'));
  await markWon(db, { actorId: m.repA, lead: { leadId: leads.a.id }, at: sh('2026-11-22T10:00:00') }, sh('2026-11-22T10:00:00'));
  await markLost(db, { actorId: m.repB, lead: { leadId: leads.d.id }, reason: '价格太高', at: sh('2026-11-23T10:00:00') }, sh('2026-11-23T10:00:00'));
  await settle(db);
  return { leads };
}

/** Refreshes the rollups until this call did the work (another refresher may hold the lock). */
export async function settle(db: Db): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await refreshDashboard(db);
    if (!r.busy) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the dashboard refresh stayed busy');
}
