import { formatDate } from '../../cards/format.js';
import { renderCard } from '../../cards/render.js';
import { rulingSeat } from '../../core/bot/capabilities.js';
import type { StaleApplication } from '../../core/leads/types.js';
import { maskPhone } from '../../core/phone.js';
import { readPolicy } from '../../core/policy.js';
import { notifyMembers } from '../notify.js';
import type { FireDeps } from './fire.js';

/**
 * Issue 6: an application nobody rules on reminds the team's managers privately, every
 * disputeReminderHours while it stays pending. The dedupe key names the round (the previous
 * reminder, or the application), so two sweeps racing on one round send it once.
 */
export async function remindDispute(deps: FireDeps, stale: StaleApplication, now: Date): Promise<void> {
  const dispute = await deps.db.dispute.findUnique({
    where: { id: stale.disputeId },
    select: {
      applicant: { select: { name: true } },
      ownerId: true,
      lead: { select: { name: true, phone: true } },
      team: { select: { policy: true } },
      org: { select: { platform: true } },
    },
  });
  if (!dispute) return;
  const owner = dispute.ownerId ? await deps.db.member.findUnique({ where: { id: dispute.ownerId }, select: { name: true } }) : null;
  const zone = readPolicy(dispute.team.policy).timeZone;
  const vars = {
    kindLabel: stale.kind === 'extension' ? '延期申请' : '归属裁决申请',
    lead: { name: dispute.lead.name, maskedPhone: maskPhone(dispute.lead.phone) },
    applicant: dispute.applicant.name,
    owner: owner?.name ?? '',
    appliedAt: formatDate(stale.appliedAt, zone, 'dateTime'),
    waitingHours: Math.floor((now.getTime() - stale.appliedAt.getTime()) / 3_600_000),
    // Point managers to the card they can click: the group's, or their private copy.
    inGroup: rulingSeat(dispute.org.platform, stale.groupChatId) === 'group',
  };
  const card = renderCard('reminder-dispute', vars);
  await notifyMembers(
    deps.db,
    deps.outbox,
    stale.managers.map((m) => ({ memberId: m.id, card, dedupeKey: `dispute-remind:${stale.disputeId}:${(stale.remindedAt ?? stale.appliedAt).toISOString()}:${m.id}` })),
  );
}
