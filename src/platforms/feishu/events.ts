import { z } from 'zod';
import type { IncomingMessage } from '../../core/bot/types.js';

/** The v2 envelope (`schema: "2.0"`) shared by events and card callbacks. */
const headerSchema = z.object({
  event_id: z.string(),
  event_type: z.string(),
  tenant_key: z.string(),
  create_time: z.string().optional(),
  app_id: z.string().optional(),
});

const userIdSchema = z.object({ open_id: z.string(), user_id: z.string().nullish(), union_id: z.string().nullish() });

const mentionSchema = z.object({
  key: z.string(),
  id: userIdSchema.partial({ open_id: true }),
  name: z.string().default(''),
});

export const messageEventSchema = z.object({
  schema: z.literal('2.0'),
  header: headerSchema.extend({ event_type: z.literal('im.message.receive_v1') }),
  event: z.object({
    sender: z.object({ sender_id: userIdSchema, sender_type: z.string().default('user') }),
    message: z.object({
      message_id: z.string(),
      chat_id: z.string(),
      chat_type: z.string(),
      message_type: z.string(),
      content: z.string(),
      create_time: z.string().regex(/^\d+$/),
      mentions: z.array(mentionSchema).nullish(),
    }),
  }),
});
export type FeishuMessageEvent = z.infer<typeof messageEventSchema>;

export const cardActionSchema = z.object({
  schema: z.literal('2.0'),
  header: headerSchema.extend({ event_type: z.literal('card.action.trigger') }),
  event: z.object({
    operator: z.object({ open_id: z.string(), tenant_key: z.string().optional() }),
    action: z.object({
      tag: z.string().optional(),
      value: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
      form_value: z.record(z.string(), z.unknown()).nullish(),
      option: z.string().nullish(),
      name: z.string().nullish(),
    }),
    context: z
      .object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() })
      .default({}),
  }),
});
export type FeishuCardAction = z.infer<typeof cardActionSchema>;

const envelopeSchema = z.object({ schema: z.literal('2.0'), header: headerSchema });

/** The event type of a verified v2 body, or undefined for v1 / unknown shapes. */
export function eventType(body: unknown): string | undefined {
  const e = envelopeSchema.safeParse(body);
  return e.success ? e.data.header.event_type : undefined;
}

const textContentSchema = z.object({ text: z.string() });

export type MessageVerdict =
  | { ok: true; message: IncomingMessage; eventId: string }
  | { ok: false; reason: 'not_text' | 'not_from_user' | 'not_addressed' | 'malformed' };

/**
 * A received message → the platform-free IncomingMessage, or why the bot stays silent.
 * In groups the bot speaks only when @-mentioned; in a direct chat every text counts.
 */
export function toIncomingMessage(ev: FeishuMessageEvent, botOpenId: string | undefined): MessageVerdict {
  const m = ev.event.message;
  if (ev.event.sender.sender_type !== 'user') return { ok: false, reason: 'not_from_user' };
  if (m.message_type !== 'text') return { ok: false, reason: 'not_text' };
  let content: z.infer<typeof textContentSchema>;
  try {
    const parsed = textContentSchema.safeParse(JSON.parse(m.content));
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    content = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const mentions = m.mentions ?? [];
  const isBot = (mention: (typeof mentions)[number]): boolean =>
    botOpenId !== undefined
      ? mention.id.open_id === botOpenId
      : // Without the bot's own open_id, a mention with no user_id is an app, i.e. us:
        // group events reach a bot only when it is mentioned or has the all-messages scope.
        !mention.id.user_id;
  const chatType = m.chat_type === 'p2p' ? 'p2p' : 'group';
  if (chatType === 'group' && !mentions.some(isBot)) return { ok: false, reason: 'not_addressed' };
  return {
    ok: true,
    eventId: ev.header.event_id,
    message: {
      platform: 'feishu',
      tenantKey: ev.header.tenant_key,
      senderId: ev.event.sender.sender_id.open_id,
      chatId: m.chat_id,
      chatType,
      messageId: m.message_id,
      text: stripMentions(content.text, mentions, isBot),
      sentAt: new Date(Number(m.create_time)),
    },
  };
}

/**
 * Feishu writes mentions into the text as placeholders (`@_user_1`). The bot's own mention is
 * dropped; other people keep their display name so "转给 @张三" still reads as written.
 */
export function stripMentions<M extends { key: string; name: string }>(
  text: string,
  mentions: readonly M[],
  isBot: (m: M) => boolean,
): string {
  let out = text;
  // Longest keys first so "@_user_1" never eats the front of "@_user_10".
  for (const m of [...mentions].sort((a, b) => b.key.length - a.key.length)) {
    out = out.split(m.key).join(isBot(m) ? '' : `@${m.name}`);
  }
  return out.replace(/[ \t\u3000]+/g, ' ').replace(/ *\n */g, '\n').trim();
}
