import { z } from 'zod';
import { cardSchema } from '../../cards/model.js';
import type { Destination, OutboundMessage } from '../../core/bot/types.js';

/** What an OutboundMessage row's payload holds, checked when a worker reads it back. */
const destinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: z.string() }),
  z.object({ kind: z.literal('chat'), chatId: z.string() }),
  z.object({ kind: z.literal('reply'), messageId: z.string(), chatId: z.string() }),
]);

export const storedPayloadSchema = z.object({
  tenantKey: z.string(),
  message: z.object({
    to: destinationSchema,
    card: cardSchema.optional(),
    text: z.string().optional(),
    dedupeKey: z.string(),
    updateKey: z.string().optional(),
  }),
});

export type StoredPayload = z.infer<typeof storedPayloadSchema>;

export function targetOf(to: Destination): string {
  return to.kind === 'user' ? to.userId : to.chatId;
}

export function toStored(tenantKey: string, message: OutboundMessage): StoredPayload {
  const stored: StoredPayload = { tenantKey, message: { to: message.to, dedupeKey: message.dedupeKey } };
  if (message.card) stored.message.card = message.card;
  if (message.text !== undefined) stored.message.text = message.text;
  if (message.updateKey) stored.message.updateKey = message.updateKey;
  return stored;
}
