import type { Card } from '../../cards/model.js';

/**
 * The playground's chat server: where messages "sent" to the local platform are kept, so the
 * page can show them. It plays the part Feishu's servers play for the Feishu adapter.
 */
export interface ChatEntry {
  id: string;
  chatId: string;
  senderId: string;
  text: string | null;
  card: Card | null;
  replyTo: string | null;
  rev: number;
  createdAt: string;
  updatedAt: string;
}

export interface PlaygroundStore {
  /** A member's own message, shown at once. `id` fixes the row id (demo seeds, idempotent). */
  appendUserMessage(input: { chatId: string; senderId: string; text: string; id?: string }): Promise<ChatEntry>;
  /** What the bot sends; the same sendKey (outbound row id) stores one message however often it is retried. */
  appendBotMessage(input: { chatId: string; text?: string; card?: Card; replyTo?: string; sendKey: string }): Promise<string>;
  /** Replaces a card in place; false when there is no such message. */
  updateCard(messageId: string, card: Card): Promise<boolean>;
  /** A chat's messages changed at or after `since` (all of them without it), oldest first. */
  listChat(chatId: string, since?: Date, limit?: number): Promise<ChatEntry[]>;
  find(messageId: string): Promise<ChatEntry | null>;
}
