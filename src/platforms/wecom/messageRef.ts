import { z } from 'zod';

/**
 * WeCom addresses a sent card for updating by a one-time `response_code` (72 h) plus the card's
 * task_id, not by its msgid. The PlatformClient contract speaks of one `messageId`, so the
 * adapter's message id is this small JSON record: stored by the Outbox, read back by updateCard.
 */
const refSchema = z.object({
  msgid: z.string().optional(),
  responseCode: z.string().optional(),
  taskId: z.string().optional(),
});
export type MessageRef = z.infer<typeof refSchema>;

export function encodeMessageRef(ref: MessageRef): string {
  return JSON.stringify(ref);
}

export function decodeMessageRef(messageId: string): MessageRef {
  try {
    const parsed = refSchema.safeParse(JSON.parse(messageId));
    if (parsed.success) return parsed.data;
  } catch {
    // A bare msgid (a text message): nothing to update it with.
  }
  return { msgid: messageId };
}
