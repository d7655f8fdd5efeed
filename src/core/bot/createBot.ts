import { renderCard, text } from '../../cards/render.js';
import { parseMessage } from '../../parse/index.js';
import { buildManagerDigest, buildRepDigest } from '../digests/build.js';
import { normalizePhone } from '../phone.js';
import type { LeadRef } from '../leads/types.js';
import { dispatchAction } from './actions.js';
import { bindGroupCommand, eraseCommand, handoverCommand, setRoleCommand } from './admin.js';
import { isManager, resolveCtx, type BotDeps, type Ctx, type Reply } from './context.js';
import { dashboardReply } from './dashboard.js';
import { errorCard } from './errors.js';
import { followUpFromText, leadRefOf, registerInputFromText } from './inputs.js';
import { runLeadCommand } from './leadCommands.js';
import { mineCard, poolCard, queryCard } from './lists.js';
import { register } from './register.js';
import { extensionRequest } from './rulings.js';
import { readBotCommand, type BotCommand } from './textCommands.js';
import type { Bot, IncomingMessage, OutboundMessage } from './types.js';

export type { BotDeps } from './context.js';

function helpCard(ctx: Ctx): Reply {
  return {
    card: renderCard('help', {
      isManager: isManager(ctx),
      followUpIntervalDays: ctx.policy.followUpIntervalDays,
      protectionLapseDays: ctx.policy.protectionLapseDays,
    }),
  };
}

function namedLead(target: string): LeadRef {
  const phone = normalizePhone(target);
  return phone ? { phone } : { name: target };
}

/**
 * 日报 / 周报 / 月报 on demand: a manager gets the team digest of the period, a rep their own
 * morning digest (the same cards the scheduled jobs send).
 */
async function digestReply(ctx: Ctx, period: 'day' | 'week' | 'month'): Promise<Reply> {
  const digest =
    isManager(ctx) && ctx.team
      ? await buildManagerDigest(ctx.db, ctx.team.id, ctx.now, period)
      : await buildRepDigest(ctx.db, ctx.member.id, ctx.now);
  return digest ? { card: digest.card } : { text: text('reply.digestUnavailable') };
}

async function botCommand(ctx: Ctx, cmd: BotCommand, stamp: string): Promise<Reply> {
  switch (cmd.kind) {
    case 'setRole':
      return setRoleCommand(ctx, cmd.target, cmd.role);
    case 'handover':
      return handoverCommand(ctx, cmd.from, cmd.to, stamp);
    case 'erase':
      return eraseCommand(ctx, cmd.query);
    case 'bindGroup':
      return bindGroupCommand(ctx);
    case 'pool':
      return { card: await poolCard(ctx, cmd.page) };
    case 'mine':
      return { card: await mineCard(ctx, cmd.page) };
    case 'extension':
      return extensionRequest(ctx, namedLead(cmd.target), cmd.reason);
    case 'digest':
      return digestReply(ctx, cmd.period);
    case 'dashboard':
      return dashboardReply(ctx, `dashboard:${stamp}`);
    case 'usage':
      return { text: text(`reply.usage.${cmd.of}`) };
  }
}

/** One chat message → what the sender (and anyone else concerned) should receive. */
async function answer(ctx: Ctx, msg: IncomingMessage, stamp: string): Promise<Reply> {
  const cmd = readBotCommand(msg.text);
  if (cmd) return botCommand(ctx, cmd, stamp);

  // Relative dates (明天, 周五) are read from when the rep wrote, not when we got to it.
  const parsed = parseMessage(msg.text, { now: msg.sentAt, timeZone: ctx.timeZone });
  const ref = leadRefOf(parsed);
  const needLead = (example: string): Reply => ({ card: errorCard('noLeadNamed', { example: text(`examples.${example}`) }) });

  switch (parsed.command) {
    case 'register': {
      const out = await register(ctx, registerInputFromText(ctx, parsed, msg.text, msg.sentAt), { fromForm: false });
      return { card: out.card, others: out.others };
    }
    case 'followup':
      if (!ref) return needLead('followup');
      return { card: await runLeadCommand(ctx, ref, { command: 'followup', at: msg.sentAt, ...followUpFromText(ctx, parsed) }) };
    case 'won':
      if (!ref) return needLead('won');
      return { card: await runLeadCommand(ctx, ref, { command: 'won', at: msg.sentAt, content: parsed.extra.content }) };
    case 'lost':
      if (!ref) return needLead('lost');
      return { card: await runLeadCommand(ctx, ref, { command: 'lost', at: msg.sentAt, reason: parsed.lostReason ?? '' }) };
    case 'query': {
      const query = parsed.phone ?? parsed.name ?? parsed.extra.content;
      if (!query) return needLead('query');
      return { card: await queryCard(ctx, query) };
    }
    case 'mine':
      return { card: await mineCard(ctx, 1) };
    case 'pool':
      return { card: await poolCard(ctx, 1) };
    case 'help':
      return helpCard(ctx);
    // Receptions are read by the parser; the bot answers them once the reception rules exist.
    case 'reception':
    case 'unknown':
      return { text: text('reply.unknown') };
  }
}

/**
 * The conversation core shared by every platform adapter: resolves the sender, reads the
 * message, calls the rules and answers with cards from cards/. Replies thread the incoming
 * message and are keyed by its id, so a reprocessed message never posts twice.
 */
export function createBot(deps: BotDeps): Bot {
  return {
    async handleMessage(msg, lookupProfile) {
      const ctx = await resolveCtx(
        deps,
        { platform: msg.platform, tenantKey: msg.tenantKey, userId: msg.senderId, chatId: msg.chatId, inGroup: msg.chatType === 'group' },
        lookupProfile,
      );
      const stamp = `${msg.platform}:${msg.tenantKey}:${msg.messageId}`;
      const reply = await answer(ctx, msg, stamp);
      const main: OutboundMessage[] =
        reply.card || reply.text !== undefined
          ? [
              {
                to: { kind: 'reply', messageId: msg.messageId, chatId: msg.chatId },
                ...(reply.card ? { card: reply.card } : { text: reply.text ?? '' }),
                dedupeKey: `reply:${stamp}`,
              },
            ]
          : [];
      return { replies: [...main, ...(reply.others ?? [])], changedLeads: [...ctx.changed] };
    },

    async handleAction(action, lookupProfile) {
      const ctx = await resolveCtx(
        deps,
        {
          platform: action.platform,
          tenantKey: action.tenantKey,
          userId: action.userId,
          chatId: action.chatId,
          inGroup: action.chatType === undefined ? undefined : action.chatType === 'group',
        },
        lookupProfile,
      );
      const response = await dispatchAction(ctx, action);
      return { ...response, changedLeads: [...ctx.changed] };
    },
  };
}
