import { describe, expect, it } from 'vitest';
import { logFollowUp, registerLead } from '../../src/core/leads/index.js';
import { timersQueue } from '../../src/jobs/timers/schedule.js';
import { world } from './setup.js';

// At a million leads, every deadline of every open lead as a delayed job is millions of Redis
// keys: only timers due within the horizon (36 h by default) are jobs, the sweep adds the rest.
// Team 销售一组: Asia/Shanghai (UTC+8), default policy (follow up every 3 days, protection
// 10 days warned 1 day before, milestone 15 days warned 2 days before, reminders at 09:00).
const w = await world({ start: '2026-12-01T02:00:00Z' });
const HORIZON_MS = 36 * 3_600_000;

let phoneSeq = 0;
async function register(name: string, actorId = w.rep.id): Promise<string> {
  phoneSeq++;
  const res = await registerLead(w.db, { actorId, sentAt: w.clock.at, phone: `1390013${String(8000 + phoneSeq)}`, name, product: '星河 S7' }, w.clock.at);
  if (!res.ok) throw new Error(`registration refused: ${res.reason}`);
  await w.jobs.scheduleLead(res.lead.id);
  return res.lead.id;
}

/** The lead's delayed timer jobs as `kind@fireAt`, in fire order. */
async function delayed(leadId: string): Promise<string[]> {
  const queue = timersQueue(w.jobs.conn);
  const jobs = (await queue.getDelayed()).filter((j) => j.data.leadId === leadId);
  await queue.close();
  return jobs.sort((a, b) => a.data.fireAt.localeCompare(b.data.fireAt)).map((j) => `${j.data.kind}@${j.data.fireAt}`);
}

/** Runs the timers due at `iso` and returns what they did to this lead. */
async function effects(iso: string, leadId: string): Promise<string[]> {
  w.clock.set(iso);
  return (await w.jobs.runDueTimers(w.clock.at)).filter((e) => e.jobId.split('_')[1] === leadId).map((e) => `${e.jobId.split('_')[0]}:${e.effect}`);
}

const minus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();

describe('a timer becomes a job in Redis only once it is due within the horizon', () => {
  it('a lead whose deadline is 10 days away has no delayed job now; the top-up creates it and it fires once', async () => {
    w.clock.set('2026-12-01T02:00:00Z');
    const id = await register('孙先生');
    const lead = await w.db.lead.findUniqueOrThrow({ where: { id } });
    const until = '2026-12-11T02:00:00.000Z';
    expect(lead.protectionUntil?.toISOString()).toBe(until);
    // Its nearest timer, the follow-up reminder on 12-04 09:00 local, is 71 h away: nothing yet,
    // and the first sweep (a full reconcile) agrees.
    expect(await delayed(id)).toEqual([]);
    expect((await w.jobs.sweep(w.clock.at)).rescheduled).toBeGreaterThanOrEqual(1);
    expect(await delayed(id)).toEqual([]);

    // A minute before the deadline comes within 36 h the release is still not a job …
    await w.jobs.sweep(w.clock.set(minus(until, HORIZON_MS + 60_000)));
    expect((await delayed(id)).filter((t) => t.startsWith('release'))).toEqual([]);
    // … five minutes after, the sweep's top-up has created it, delayed until the deadline.
    const report = await w.jobs.sweep(w.clock.set(minus(until, HORIZON_MS - 5 * 60_000)));
    expect(report.toppedUp).toBeGreaterThanOrEqual(1);
    expect(await delayed(id)).toEqual([`lapse-warn@2026-12-10T02:00:00.000Z`, `release@${until}`]);
    const queue = timersQueue(w.jobs.conn);
    const job = await queue.getJob(`release_${id}_${Date.parse(until)}`);
    await queue.close();
    expect(job?.delay).toBe(HORIZON_MS - 5 * 60_000);

    // Scheduling it again (a rescheduled lead, an overlapping top-up) uses the same job ids: no duplicate.
    expect(await w.jobs.scheduleLead(id)).toBe(2);
    expect((await w.jobs.sweep(w.clock.at)).toppedUp).toBe(0);
    expect(await delayed(id)).toEqual([`lapse-warn@2026-12-10T02:00:00.000Z`, `release@${until}`]);

    // It fires at the deadline, once.
    expect((await effects('2026-12-11T01:59:00Z', id)).filter((e) => e.startsWith('release'))).toEqual([]);
    expect(await effects('2026-12-11T02:00:00Z', id)).toEqual(['release:released']);
    expect(await effects('2026-12-11T02:01:00Z', id)).toEqual([]);
    expect(await w.db.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'released', ownerId: null });
    expect(await w.db.outboundMessage.count({ where: { dedupeKey: `released:${id}:${until}` } })).toBe(1);
  });
});

describe('scheduleLead after a change schedules only what falls inside the horizon', () => {
  it('a near follow-up time gets its reminder job at once; moving it days out removes the job', async () => {
    w.clock.set('2026-12-01T02:00:00Z');
    const id = await register('钱女士');
    expect(await delayed(id)).toEqual([]);

    // 12-02 10:00 local: the rep will call again tomorrow at 14:30 (28.5 h away).
    w.clock.set('2026-12-02T02:00:00Z');
    const near = await logFollowUp(w.db, { actorId: w.rep.id, lead: { leadId: id }, content: '电话沟通', nextFollowUpAt: new Date('2026-12-03T06:30:00Z') }, w.clock.at);
    expect(near.ok).toBe(true);
    expect(await w.jobs.scheduleLead(id)).toBe(1);
    expect(await delayed(id)).toEqual(['due@2026-12-03T06:30:00.000Z']);

    // 12-03 10:00 local: the customer asks to be called next week instead.
    w.clock.set('2026-12-03T02:00:00Z');
    const far = await logFollowUp(w.db, { actorId: w.rep.id, lead: { leadId: id }, content: '客户下周再联系', nextFollowUpAt: new Date('2026-12-10T06:30:00Z') }, w.clock.at);
    expect(far.ok).toBe(true);
    expect(await w.jobs.scheduleLead(id)).toBe(0);
    expect(await delayed(id)).toEqual([]);
    expect(await effects('2026-12-03T06:30:00Z', id)).toEqual([]);
  });
});

describe("each team's timers come within reach on its own policy", () => {
  it('a Berlin team with 08:00 reminders and 3-day lapse warnings is topped up on its own clock', async () => {
    const team = await w.db.team.create({
      data: { orgId: w.org.id, name: '柏林展厅', policy: { timeZone: 'Europe/Berlin', dueReminderAt: '08:00', lapseWarningDays: 3 } },
    });
    const rep = await w.db.member.create({ data: { orgId: w.org.id, teamId: team.id, platformUserId: 'ou_berlin', name: '周七', role: 'rep' } });
    // 12-01 03:00 Berlin: follow-up due 12-04 03:00 Berlin, reminded at 08:00 Berlin (07:00Z);
    // protection until 12-11 03:00 Berlin, warned 3 days before (12-08 02:00Z).
    w.clock.set('2026-12-01T02:00:00Z');
    const id = await register('Herr Schmidt', rep.id);
    expect(await delayed(id)).toEqual([]);

    const reminder = '2026-12-04T07:00:00.000Z';
    await w.jobs.sweep(w.clock.set(minus(reminder, HORIZON_MS + 60_000)));
    expect(await delayed(id)).toEqual([]);
    await w.jobs.sweep(w.clock.set(minus(reminder, HORIZON_MS - 60_000)));
    expect(await delayed(id)).toEqual([`due@${reminder}`]);
    expect(await effects('2026-12-04T06:59:00Z', id)).toEqual([]);
    expect(await effects(reminder, id)).toEqual(['due:notified']);

    // Warnings come within reach up to 2 h short of the horizon (slack for DST changes).
    const warning = '2026-12-08T02:00:00.000Z';
    await w.jobs.sweep(w.clock.set(minus(warning, HORIZON_MS + 60_000)));
    expect(await delayed(id)).toEqual([]);
    await w.jobs.sweep(w.clock.set(minus(warning, HORIZON_MS - 2 * 3_600_000)));
    expect(await delayed(id)).toEqual([`lapse-warn@${warning}`]);
    expect(await effects(warning, id)).toEqual(['lapse-warn:notified']);
  });
});
