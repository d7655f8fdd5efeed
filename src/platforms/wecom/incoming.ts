import type { IncomingAction, IncomingMessage } from '../../core/bot/types.js';
import { decodeActionKey } from './actionKey.js';
import { resolveChoice } from './buttons.js';
import { encodeMessageRef } from './messageRef.js';
import { selectedOptions, type WecomCardEvent, type WecomTextMessage } from './xml.js';

/**
 * WeCom callbacks → the core's platform-free terms. A self-built app's conversation is always
 * one member with the app, so the chat is the member: chatId = UserID, chatType p2p, and a
 * reply goes back to that member.
 */
export function toIncomingMessage(m: WecomTextMessage, corpId: string): IncomingMessage {
  return {
    platform: 'wecom',
    tenantKey: corpId,
    senderId: m.FromUserName,
    chatId: m.FromUserName,
    chatType: 'p2p',
    messageId: m.MsgId,
    text: m.Content,
    sentAt: new Date(Number(m.CreateTime) * 1000),
  };
}

/** A card click → the action its key carries, or null for a key this adapter did not make. */
export function toIncomingAction(e: WecomCardEvent, corpId: string): IncomingAction | null {
  const decoded = decodeActionKey(e.EventKey);
  if (!decoded) return null;
  const picked = Object.fromEntries(
    Object.entries(selectedOptions(e)).flatMap(([q, ids]) => (ids[0] === undefined ? [] : [[q, ids[0]] as const])),
  );
  const held = decoded.form !== undefined || Object.keys(picked).length > 0 ? { ...decoded.form, ...picked } : undefined;
  const { value, form } = resolveChoice(decoded.value, held);
  return {
    platform: 'wecom',
    tenantKey: corpId,
    userId: e.FromUserName,
    chatId: e.FromUserName,
    chatType: 'p2p',
    messageId: encodeMessageRef({ responseCode: e.ResponseCode, taskId: e.TaskId }),
    action: decoded.action,
    value,
    ...(form ? { form } : {}),
  };
}
