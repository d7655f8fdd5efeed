import type { Card } from '../cards/model.js';
import type { OutboundMessage, PlatformName, SenderProfile } from '../core/bot/types.js';

/** What the outbound queue and the inbound worker need from a platform's Open API client. */
export interface PlatformClient {
  readonly platform: PlatformName;
  /** Sends one message; `idempotencyKey` makes a retried send post once (Feishu uuid, our own dedupe on WeCom). */
  send(tenantKey: string, msg: OutboundMessage, idempotencyKey: string): Promise<{ messageId: string }>;
  /** Replaces a card the bot sent earlier (ruling cards update for everyone in the chat). */
  updateCard(tenantKey: string, messageId: string, card: Card): Promise<void>;
  getUserProfile(tenantKey: string, userId: string): Promise<SenderProfile>;
}

/**
 * A failed platform call. `retryable` marks rate limits (429 / platform busy codes), 5xx and
 * network faults; anything else is final and goes to the failed state with its reason.
 */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly code?: number | string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}
