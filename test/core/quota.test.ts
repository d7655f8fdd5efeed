import { describe, expect, it } from 'vitest';
import { markLost, markWon, quotaStatus, registerLead } from '../../src/core/leads/index.js';
import { testDb } from '../helpers/db.js';
import { lead, registered, sh, world } from './fixtures.js';

const { db } = await testDb();

describe('rule 6: monthly quota per rep', () => {
  it('refuses the registration past the quota with the count and when it resets (first instant of next month, Shanghai)', async () => {
    const w = await world(db, { monthlyQuota: 3 });
    const rep = await w.member('张三');
    for (let i = 0; i < 3; i++) await registered(db, lead(rep, sh(`2026-11-2${i}T10:00:00`)));
    const r = await registerLead(db, lead(rep, sh('2026-11-30T23:59:00')), sh('2026-11-30T23:59:00'));
    expect(r).toEqual({ ok: false, reason: 'quota', used: 3, quota: 3, resetsAt: sh('2026-12-01T00:00:00') });
  });

  it('resets at midnight Shanghai time on the 1st, not at UTC midnight', async () => {
    const w = await world(db, { monthlyQuota: 1 });
    const rep = await w.member('张三');
    // 2026-11-30 23:30 in Shanghai is still November there, though it is 15:30 UTC.
    await registered(db, lead(rep, sh('2026-11-30T23:30:00')));
    const stillNovember = await registerLead(db, lead(rep, sh('2026-11-30T23:59:59')), sh('2026-11-30T23:59:59'));
    expect(stillNovember).toMatchObject({ ok: false, reason: 'quota', used: 1 });
    // 2026-12-01 00:00 Shanghai = 2026-11-30 16:00 UTC: a new month for the team.
    const december = await registerLead(db, lead(rep, sh('2026-12-01T00:00:00')), sh('2026-12-01T00:00:00'));
    expect(december.ok).toBe(true);
    if (december.ok) expect(december.quota).toMatchObject({ used: 1, quota: 1, remaining: 0, resetsAt: sh('2027-01-01T00:00:00') });
  });

  it('counts the month the message was sent in, not the month it was processed in', async () => {
    const w = await world(db, { monthlyQuota: 1 });
    const rep = await w.member('张三');
    await registered(db, lead(rep, sh('2026-11-30T23:50:00')), sh('2026-12-01T00:10:00'));
    expect((await quotaStatus(db, rep, sh('2026-12-01T00:10:00'))).used).toBe(0);
    expect((await quotaStatus(db, rep, sh('2026-11-30T23:55:00'))).used).toBe(1);
  });

  it('frees the slot of a won lead at once (成交后即刻可补充), but not of a lost one', async () => {
    const w = await world(db, { monthlyQuota: 2 });
    const rep = await w.member('张三');
    const a = await registered(db, lead(rep, sh('2026-11-02T10:00:00')));
    const b = await registered(db, lead(rep, sh('2026-11-03T10:00:00')));
    expect(await registerLead(db, lead(rep, sh('2026-11-04T10:00:00')), sh('2026-11-04T10:00:00'))).toMatchObject({ reason: 'quota' });
    await markLost(db, { actorId: rep, lead: { leadId: b.lead.id }, reason: '预算不够' }, sh('2026-11-04T11:00:00'));
    expect(await registerLead(db, lead(rep, sh('2026-11-04T12:00:00')), sh('2026-11-04T12:00:00'))).toMatchObject({ reason: 'quota' });
    const won = await markWon(db, { actorId: rep, lead: { leadId: a.lead.id } }, sh('2026-11-05T10:00:00'));
    expect(won).toMatchObject({ ok: true, quotaFreed: true });
    const r = await registerLead(db, lead(rep, sh('2026-11-05T10:01:00')), sh('2026-11-05T10:01:00'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.quota).toMatchObject({ used: 2, quota: 2, remaining: 0 });
  });

  it('does not limit store staff (导购)', async () => {
    const w = await world(db, { monthlyQuota: 1 });
    const staff = await w.member('导购小刘', { isStoreStaff: true });
    for (let i = 0; i < 3; i++) await registered(db, lead(staff, sh(`2026-11-1${i}T10:00:00`)));
    const q = await quotaStatus(db, staff, sh('2026-11-20T10:00:00'));
    expect(q).toMatchObject({ exempt: true, used: 3, quota: null, remaining: null });
  });

  it('does not limit a team whose policy has no quota', async () => {
    const w = await world(db, { monthlyQuota: null });
    const rep = await w.member('张三');
    for (let i = 0; i < 3; i++) await registered(db, lead(rep, sh(`2026-11-1${i}T10:00:00`)));
    expect((await quotaStatus(db, rep, sh('2026-11-20T10:00:00'))).exempt).toBe(true);
  });
});
