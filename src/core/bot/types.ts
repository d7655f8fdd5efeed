import type { Card } from '../../cards/model.js';

/**
 * What the core hears from and says to a chat platform, in platform-free terms. Adapters
 * (src/platforms/*) translate callbacks into these and these into platform API calls.
 */
export type PlatformName = 'feishu' | 'wecom' | 'local';

export interface SenderProfile {
  name: string;
  department?: string;
  /** The sender's direct leader on the platform, if the contact API says. */
  leaderId?: string;
}

export interface IncomingMessage {
  platform: PlatformName;
  /** Feishu tenant_key, WeCom corp id, "local" in the playground. */
  tenantKey: string;
  senderId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  messageId: string;
  text: string;
  /** When the rep sent it: 先报先保 uses this, not the time we processed it. */
  sentAt: Date;
}

export interface IncomingAction {
  platform: PlatformName;
  tenantKey: string;
  userId: string;
  chatId?: string;
  /** Where the card was clicked, when the platform says: a group chat never shows full phones. */
  chatType?: 'p2p' | 'group';
  /** The message that carries the card, so it can be updated. */
  messageId?: string;
  /** The action id of the button or form (CardButton.action). */
  action: string;
  value: Record<string, unknown>;
  /** Form values by input name, for form submits. */
  form?: Record<string, unknown>;
}

export type Destination =
  | { kind: 'user'; userId: string }
  | { kind: 'chat'; chatId: string }
  | { kind: 'reply'; messageId: string; chatId: string };

export interface OutboundMessage {
  to: Destination;
  card?: Card;
  text?: string;
  /** Same key, same message: a retried or repeated send never posts twice. */
  dedupeKey: string;
  /** If set, an earlier card sent with this key is updated in place instead. */
  updateKey?: string;
}

export interface ActionResponse {
  /** Replaces the card that was clicked. */
  card?: Card;
  toast?: { kind: 'info' | 'success' | 'warning' | 'error'; text: string };
  /** Further messages to send (notifications to other people, group posts). */
  effects: OutboundMessage[];
}

/** What a click did: the answer, plus the leads it changed (their timers are rescheduled). */
export interface ClickResponse extends ActionResponse {
  changedLeads: string[];
}

export interface MessageResponse {
  replies: OutboundMessage[];
  /** Leads the message changed: their reminders and deadlines are rescheduled. */
  changedLeads: string[];
}

/** The conversation core: one per process, shared by every platform adapter. */
export interface Bot {
  /**
   * One chat message → replies. `lookupProfile` asks the platform's contact API about a sender
   * the core has not seen before (name, department, leader); it is called only then.
   */
  handleMessage(msg: IncomingMessage, lookupProfile: () => Promise<SenderProfile>): Promise<MessageResponse>;
  /** A card button or form submit → the updated card or a toast, answered inline. */
  handleAction(action: IncomingAction, lookupProfile: () => Promise<SenderProfile>): Promise<ClickResponse>;
}

/**
 * The one way anything leaves the bot: stored durably, de-duplicated by dedupeKey, sent by a
 * rate-limited queue with retries (src/jobs/outbound). Platform- and tenant-addressed.
 */
export interface Outbox {
  enqueue(platform: PlatformName, tenantKey: string, messages: OutboundMessage[]): Promise<void>;
}
