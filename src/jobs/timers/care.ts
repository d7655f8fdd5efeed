import { formatDate } from '../../cards/format.js';
import type { Card } from '../../cards/model.js';
import { renderCard } from '../../cards/render.js';
import type { Outbox } from '../../core/bot/types.js';
import { backfillCare, findCareDue, markCareReminded, type CareDue } from '../../core/care/index.js';
import type { Db } from '../../db/client.js';
import { log } from '../../log.js';
import { timersFired } from '../../metrics.js';
import { notifyMembers } from '../notify.js';

/**
 * Care (回访) and win-back reminders. They live in the database, not as delayed jobs: the
 * minute sweep sends whatever has come due, so a reminder missed while the service was down
 * goes out when it is back (a late 回访 is still worth making), and the outbox's dedupe key
 * per lead and due moment sends each one once.
 */
export interface CareDeps {
  db: Db;
  outbox: Outbox;
}

const BATCH = 500;
const MAX_BATCHES = 20;

export function careDedupeKey(d: Pick<CareDue, 'kind' | 'leadId' | 'dueAt'>): string {
  return `${d.kind}:${d.leadId}:${d.dueAt.toISOString()}`;
}

export function careReminderCard(d: CareDue): Card {
  const zone = d.timeZone;
  const care = d.kind === 'care';
  return renderCard('reminder-care', {
    title: care ? '回访提醒' : '流失客户回访',
    color: care ? 'green' : 'orange',
    isCare: care,
    isWinBack: !care,
    care: {
      leadId: d.leadId,
      name: d.name,
      phone: d.phone,
      product: d.product ?? '',
      lostReason: care ? '' : (d.lostReason ?? ''),
      contacts: d.contacts,
      since: formatDate(d.since, zone, 'date'),
      dueAt: formatDate(d.dueAt, zone, 'dateTime'),
      lastContactAt: formatDate(d.lastContactAt, zone, 'dateTime'),
    },
  });
}

/** Sends the care and win-back reminders due by `now`; returns how many went out. */
export async function remindCare(deps: CareDeps, now: Date): Promise<number> {
  let sent = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const due = await findCareDue(deps.db, now, BATCH);
    if (due.length === 0) break;
    for (const d of due) {
      await notifyMembers(deps.db, deps.outbox, [{ memberId: d.member.id, card: careReminderCard(d), dedupeKey: careDedupeKey(d) }]);
      // Marked after the enqueue: a crash in between sends again, and the dedupe key makes that a no-op.
      if (await markCareReminded(deps.db, d.leadId, d.dueAt, now)) {
        sent++;
        timersFired.inc({ kind: d.kind, effect: 'notified' });
      }
    }
    if (due.length < BATCH) break;
  }
  return sent;
}

/** Once a day (with the timers' full reconcile): customers closed without a cadence get one. */
export async function backfillCareCadences(db: Db, now: Date): Promise<number> {
  const created = await backfillCare(db, now);
  if (created > 0) log.info({ created }, 'care cadences backfilled');
  return created;
}
