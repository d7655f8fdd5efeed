import { z } from 'zod';
import type { Card } from '../../cards/model.js';
import type { Destination, OutboundMessage, SenderProfile } from '../../core/bot/types.js';
import { log } from '../../log.js';
import { PlatformError, type PlatformClient } from '../types.js';
import { createWecomApi, type WecomApiOptions } from './api.js';
import { decodeMessageRef, encodeMessageRef } from './messageRef.js';
import { clipBytes, renderCard, renderMarkdown, renderText, taskIdFor } from './renderCard.js';
import { LIMITS, type TemplateCard } from './templateCard.js';

/**
 * The WeCom PlatformClient for one self-built app (one corp, one agent).
 *
 * No idempotency key: WeCom's message/send has none (its `enable_duplicate_check` compares
 * content, which would also swallow a legitimately repeated reply), so a send is made once by
 * the Outbox's dedupeKey. A card's task_id is derived from that key, so a retried card carries
 * the same task_id as the first attempt.
 *
 * Cards are updated with a one-time response_code (72 h), not by message id: the message id
 * this client returns records the code WeCom gave on send, good for one later update; a click
 * brings a fresh code, used by `updateClickedCard`.
 */
export interface WecomClientOptions extends WecomApiOptions {
  agentId: string;
  /** Where a text_notice card leads when tapped (WeCom requires a link on that card type). */
  linkUrl?: string;
}

export interface WecomClient extends PlatformClient {
  readonly platform: 'wecom';
  /** Replaces a clicked card for everyone who received it; returns the rendering's follow-up prompt, if any. */
  updateClickedCard(responseCode: string, taskId: string, card: Card): Promise<{ prompt?: string }>;
}

const sendAnswer = z.looseObject({
  msgid: z.string().optional(),
  response_code: z.string().optional(),
  invaliduser: z.string().optional(),
});

const userAnswer = z.looseObject({
  userid: z.string().optional(),
  name: z.string().optional(),
  department: z.array(z.number()).optional(),
  main_department: z.number().optional(),
  direct_leader: z.array(z.string()).optional(),
});

const departmentAnswer = z.looseObject({ department: z.looseObject({ name: z.string() }) });

export const DEFAULT_LINK_URL = 'https://work.weixin.qq.com/';

export function createWecomClient(opts: WecomClientOptions): WecomClient {
  const api = createWecomApi(opts);
  const agentid = Number(opts.agentId);
  const linkUrl = opts.linkUrl ?? DEFAULT_LINK_URL;

  function checkTenant(tenantKey: string): void {
    if (tenantKey !== opts.corpId) {
      throw new PlatformError(`WeCom client for corp ${opts.corpId} cannot act for tenant ${tenantKey}`, false);
    }
  }

  /** One message/send to a member; refuses an answer naming the member invalid (not in the app's range). */
  async function sendToUser(touser: string, payload: Record<string, unknown>): Promise<z.infer<typeof sendAnswer>> {
    const answer = sendAnswer.parse(await api.call('/cgi-bin/message/send', {}, { touser, agentid, ...payload }));
    if (answer.invaliduser) {
      throw new PlatformError(`WeCom message/send: ${answer.invaliduser} is not in the app's visible range`, false, undefined, 'invaliduser');
    }
    return answer;
  }

  async function sendToChat(chatid: string, msg: OutboundMessage): Promise<{ messageId: string }> {
    // App group chats take markdown, not template cards: the card is shown, not clickable.
    const content = clipBytes([msg.text, msg.card && renderMarkdown(msg.card)].filter(Boolean).join('\n\n'), LIMITS.contentBytes);
    await api.call('/cgi-bin/appchat/send', {}, { chatid, msgtype: 'markdown', markdown: { content } });
    return { messageId: encodeMessageRef({}) };
  }

  function userOf(to: Destination): string | undefined {
    if (to.kind === 'user') return to.userId;
    // A self-built app talks one to one: the "chat" of a reply is the member.
    if (to.kind === 'reply') return to.chatId;
    return undefined;
  }

  async function update(responseCode: string, taskId: string, card: Card): Promise<{ prompt?: string }> {
    const { card: templateCard, prompt } = renderCard(card, { taskId, linkUrl });
    const body: { atall: 1; agentid: number; response_code: string; template_card: TemplateCard } = {
      atall: 1,
      agentid,
      response_code: responseCode,
      template_card: templateCard,
    };
    await api.call('/cgi-bin/message/update_template_card', {}, body);
    return prompt ? { prompt } : {};
  }

  return {
    platform: 'wecom',

    async send(tenantKey, msg, idempotencyKey) {
      checkTenant(tenantKey);
      if (msg.to.kind === 'chat') return sendToChat(msg.to.chatId, msg);
      const touser = userOf(msg.to) ?? '';
      let last: z.infer<typeof sendAnswer> | undefined;
      if (msg.text) last = await sendToUser(touser, renderText(msg.text));
      if (!msg.card) {
        if (!last) throw new PlatformError('WeCom send: a message needs text or a card', false);
        return { messageId: encodeMessageRef({ msgid: last.msgid }) };
      }
      const taskId = taskIdFor(idempotencyKey);
      const { card, prompt, clipped } = renderCard(msg.card, { taskId, linkUrl });
      if (card.card_type === 'text_notice' && clipped) {
        // Nothing to click and too long for a card (digests, long lists): markdown shows it all.
        const md = await sendToUser(touser, { msgtype: 'markdown', markdown: { content: clipBytes(renderMarkdown(msg.card), LIMITS.contentBytes) } });
        return { messageId: encodeMessageRef({ msgid: md.msgid }) };
      }
      const sent = await sendToUser(touser, { msgtype: 'template_card', template_card: card });
      if (prompt) {
        // Best effort: the card is out, and retrying the whole send would repeat it.
        await sendToUser(touser, renderText(prompt)).catch((err: unknown) => log.warn({ err, touser }, 'wecom: follow-up prompt not sent'));
      }
      return { messageId: encodeMessageRef({ msgid: sent.msgid, responseCode: sent.response_code, taskId }) };
    },

    async updateCard(tenantKey, messageId, card) {
      checkTenant(tenantKey);
      const ref = decodeMessageRef(messageId);
      if (!ref.responseCode || !ref.taskId) {
        throw new PlatformError('WeCom can update only a template card it sent, by its response_code', false);
      }
      await update(ref.responseCode, ref.taskId, card);
    },

    updateClickedCard: update,

    async getUserProfile(tenantKey, userId): Promise<SenderProfile> {
      checkTenant(tenantKey);
      const user = userAnswer.parse(await api.call('/cgi-bin/user/get', { userid: userId }));
      // Apps created after mid-2022 no longer receive names from user/get: fall back to the id.
      const profile: SenderProfile = { name: user.name || userId };
      const leader = user.direct_leader?.[0];
      if (leader) profile.leaderId = leader;
      const dept = user.main_department ?? user.department?.[0];
      if (dept !== undefined) {
        const d = await api
          .call('/cgi-bin/department/get', { id: String(dept) })
          .then((a) => departmentAnswer.safeParse(a))
          .catch(() => undefined);
        profile.department = d?.success ? d.data.department.name : String(dept);
      }
      return profile;
    },
  };
}
