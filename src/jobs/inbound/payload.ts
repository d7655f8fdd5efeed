import { z } from 'zod';
import type { IncomingMessage } from '../../core/bot/types.js';

/** IncomingMessage as stored in InboundEvent.payload (JSON: the date travels as ISO text). */
export const storedMessageSchema = z.object({
  platform: z.enum(['feishu', 'wecom', 'local']),
  tenantKey: z.string(),
  senderId: z.string(),
  chatId: z.string(),
  chatType: z.enum(['p2p', 'group']),
  messageId: z.string(),
  text: z.string(),
  sentAt: z.iso.datetime().transform((s) => new Date(s)),
});

export type StoredMessage = z.input<typeof storedMessageSchema>;

export function toStored(msg: IncomingMessage): StoredMessage {
  return { ...msg, sentAt: msg.sentAt.toISOString() };
}

export function fromStored(payload: unknown): IncomingMessage {
  return storedMessageSchema.parse(payload);
}
