import { describe, expect, it } from 'vitest';
import { logFollowUp, registerLead } from '../../src/core/leads/index.js';
import { timersQueue } from '../../src/jobs/timers/schedule.js';
import { settled, world } from './setup.js';

// Team time zone Asia/Shanghai (UTC+8). Registered 12-01 10:00 local; default policy:
// follow up every 3 days, protection 10 days (warn 1 day before), milestone 15 days (warn 2 days before).
const w = await world({ start: '2026-12-01T02:00:00Z' });

let phoneSeq = 0;
async function register(name: string): Promise<string> {
  phoneSeq++;
  const res = await registerLead(
    w.db,
    { actorId: w.rep.id, sentAt: w.clock.at, phone: `1380013${String(8000 + phoneSeq)}`, name, product: '星河 S7' },
    w.clock.at,
  );
  if (!res.ok) throw new Error(`registration refused: ${res.reason}`);
  await w.jobs.scheduleLead(res.lead.id);
  return res.lead.id;
}

/**
 * Moves the clock, runs the timers due by then, and returns what happened to this lead. As in
 * production, the minute ticker's sweep ran a minute earlier: only timers within the horizon
 * (36 h) are jobs, and that sweep tops up the ones that came within it while the clock moved.
 */
async function effects(iso: string, leadId: string) {
  await w.jobs.sweep(w.clock.set(new Date(Date.parse(iso) - 60_000).toISOString()));
  w.clock.set(iso);
  return (await w.jobs.runDueTimers(w.clock.at))
    .filter((e) => e.jobId.split('_')[1] === leadId)
    .map((e) => `${e.jobId.split('_')[0]}:${e.effect}`);
}

async function rows(prefix: string, leadId: string) {
  return w.db.outboundMessage.findMany({ where: { dedupeKey: { startsWith: `${prefix}:${leadId}:` } } });
}

describe('rule 3: the owner is reminded when a follow-up is due, at 09:00 on the due day', () => {
  it('fires once at the right moment and not again after a restart', async () => {
    w.clock.set('2026-12-01T02:00:00Z');
    const id = await register('张先生');
    const lead = await w.db.lead.findUniqueOrThrow({ where: { id } });
    expect(lead.nextFollowUpAt?.toISOString()).toBe('2026-12-04T02:00:00.000Z');

    expect(await effects('2026-12-04T00:59:00Z', id)).toEqual([]);
    expect(await effects('2026-12-04T01:00:00Z', id)).toEqual(['due:notified']);
    const [row] = await rows('due', id);
    expect(row?.dedupeKey).toBe(`due:${id}:2026-12-04T02:00:00.000Z`);
    const sent = await settled(w.db, row?.dedupeKey ?? '');
    expect(sent.status).toBe('sent');
    const message = w.fake.sent.find((s) => s.messageId === sent.messageId);
    expect(message?.receiveId).toBe('ou_rep1');
    expect(JSON.stringify(message?.content)).toContain('跟进提醒：张先生');

    // A restart: new workers reschedule every open lead and sweep; the reminder stays sent once.
    await w.restart();
    await w.jobs.scheduleLead(id);
    await w.jobs.sweep(w.clock.set('2026-12-04T01:30:00Z'));
    expect(await effects('2026-12-04T01:31:00Z', id)).toEqual([]);
    expect(await rows('due', id)).toHaveLength(1);
  });

  it('a follow-up moves the reminder to the time the rep set', async () => {
    w.clock.set('2026-12-01T02:00:00Z');
    const id = await register('李女士');
    // 12-03 15:00 local the rep follows up and sets the next contact for 12-05 14:30 local.
    w.clock.set('2026-12-03T07:00:00Z');
    const fu = await logFollowUp(
      w.db,
      { actorId: w.rep.id, lead: { leadId: id }, at: w.clock.at, content: '电话沟通，周六到店', nextFollowUpAt: new Date('2026-12-05T06:30:00Z') },
      w.clock.at,
    );
    expect(fu.ok).toBe(true);
    await w.jobs.scheduleLead(id);

    const queue = timersQueue(w.jobs.conn);
    expect(await queue.getJob(`due_${id}_${Date.parse('2026-12-04T01:00:00Z')}`)).toBeUndefined();
    await queue.close();

    expect(await effects('2026-12-04T01:00:00Z', id)).toEqual([]);
    expect(await effects('2026-12-05T06:29:00Z', id)).toEqual([]);
    expect(await effects('2026-12-05T06:30:00Z', id)).toEqual(['due:notified']);
    expect((await rows('due', id)).map((r) => r.dedupeKey)).toEqual([`due:${id}:2026-12-05T06:30:00.000Z`]);
  });
});

describe('rule 4: protection lapses after 10 days without a follow-up; the owner is warned a day before', () => {
  it('warns on day 9 and releases the lead to the pool at the deadline', async () => {
    w.clock.set('2026-12-01T02:00:00Z');
    const id = await register('周先生');
    const lead = await w.db.lead.findUniqueOrThrow({ where: { id } });
    expect(lead.protectionUntil?.toISOString()).toBe('2026-12-11T02:00:00.000Z');

    await effects('2026-12-10T01:59:00Z', id);
    expect(await rows('lapse-warn', id)).toHaveLength(0);
    expect(await effects('2026-12-10T02:00:00Z', id)).toEqual(['lapse-warn:notified']);
    const [warn] = await rows('lapse-warn', id);
    expect(warn?.dedupeKey).toBe(`lapse-warn:${id}:2026-12-11T02:00:00.000Z`);
    expect(JSON.stringify(warn?.payload)).toContain('保护期即将到期：周先生');

    expect(await effects('2026-12-11T01:59:00Z', id)).toEqual([]);
    expect(await effects('2026-12-11T02:00:00Z', id)).toEqual(['release:released']);
    const released = await w.db.lead.findUniqueOrThrow({ where: { id } });
    expect(released).toMatchObject({ status: 'released', ownerId: null, previousOwnerId: w.rep.id, releaseReason: 'lapse' });
    const [notice] = await w.db.outboundMessage.findMany({ where: { dedupeKey: `released:${id}:2026-12-11T02:00:00.000Z` } });
    expect(notice?.target).toBe('ou_rep1');
    expect(JSON.stringify(notice?.payload)).toContain('客户已释放到公海：周先生');

    // Its milestone timers went with it: nothing fires on 12-14 or 12-16.
    expect(await effects('2026-12-16T03:00:00Z', id)).toEqual([]);
    expect(await rows('milestone-warn', id)).toHaveLength(0);
  });
});

describe('rule 5: without a visit or deposit within 15 days the registration expires; warned 2 days before', () => {
  it('warns on 12-14 and expires on 12-16 even though the rep kept following up', async () => {
    w.clock.set('2026-12-01T02:00:00Z');
    const id = await register('吴女士');
    for (const at of ['2026-12-05T02:00:00Z', '2026-12-10T02:00:00Z']) {
      w.clock.set(at);
      const fu = await logFollowUp(w.db, { actorId: w.rep.id, lead: { leadId: id }, at: w.clock.at, content: '微信沟通' }, w.clock.at);
      expect(fu.ok).toBe(true);
      await w.jobs.scheduleLead(id);
    }
    const lead = await w.db.lead.findUniqueOrThrow({ where: { id } });
    expect(lead.milestoneDeadline?.toISOString()).toBe('2026-12-16T02:00:00.000Z');
    expect(lead.protectionUntil?.toISOString()).toBe('2026-12-20T02:00:00.000Z');

    await effects('2026-12-14T01:59:00Z', id);
    expect(await rows('milestone-warn', id)).toHaveLength(0);
    expect(await effects('2026-12-14T02:00:00Z', id)).toContain('milestone-warn:notified');
    expect(await rows('milestone-warn', id)).toHaveLength(1);
    expect(await effects('2026-12-16T02:00:00Z', id)).toContain('expire:expired');
    expect(await w.db.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'expired', ownerId: null });
    expect(await w.db.outboundMessage.count({ where: { dedupeKey: `expired:${id}:2026-12-16T02:00:00.000Z` } })).toBe(1);
  });
});

describe('the database is the truth: a flushed Redis is repaired by the sweep', () => {
  it('releases a lapsed lead whose job was lost and puts back the timers of the others', async () => {
    w.clock.set('2026-12-20T02:00:00Z');
    const lapsing = await register('郑先生');
    w.clock.set('2026-12-25T02:00:00Z');
    const fresh = await register('冯女士');
    await w.flushRedis();

    // 12-30 10:05 local: 郑先生's protection ended at 10:00 and no job is left to notice.
    const report = await w.jobs.sweep(w.clock.set('2026-12-30T02:05:00Z'));
    expect(report.released).toBeGreaterThanOrEqual(1);
    expect(report.rescheduled).toBeGreaterThanOrEqual(1);
    expect(await w.db.lead.findUniqueOrThrow({ where: { id: lapsing } })).toMatchObject({ status: 'released', ownerId: null });

    // 冯女士's timers are back as far as the horizon reaches: her next one, the lapse warning on
    // 01-03 10:00 local, is 4 days out, so a later sweep puts it back once it is within reach
    // (36 h, less 2 h of DST slack for warnings).
    const delayedFor = async (leadId: string) => {
      const queue = timersQueue(w.jobs.conn);
      const names = (await queue.getDelayed()).filter((j) => j.data.leadId === leadId).map((j) => j.name).sort();
      await queue.close();
      return names;
    };
    expect(await delayedFor(fresh)).toEqual([]);
    expect((await w.jobs.sweep(w.clock.set('2027-01-01T16:05:00Z'))).toppedUp).toBeGreaterThanOrEqual(1);
    expect(await delayedFor(fresh)).toEqual(['lapse-warn']);
    // And it fires as if nothing happened.
    expect(await effects('2027-01-03T02:00:00Z', fresh)).toEqual(['lapse-warn:notified']);

    // A second sweep finds nothing left to repair.
    const again = await w.jobs.sweep(w.clock.set('2027-01-03T02:01:00Z'));
    expect(again).toMatchObject({ released: 0, expired: 0, rescheduled: null });
  });
});
