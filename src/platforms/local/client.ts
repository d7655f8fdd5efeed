import type { Card } from '../../cards/model.js';
import type { Destination, OutboundMessage, SenderProfile } from '../../core/bot/types.js';
import { PlatformError, type PlatformClient } from '../types.js';
import { DEMO_MANAGER, DEMO_TEAM, demoMember, dmChatId } from './demo.js';
import type { PlaygroundStore } from './chat.js';

/**
 * The third platform: "sending" stores the message in the playground's chat, where the page
 * picks it up. The outbound queue, dedupe and card updates run exactly as for Feishu.
 */
export class LocalClient implements PlatformClient {
  readonly platform = 'local' as const;

  constructor(private readonly store: PlaygroundStore) {}

  async send(_tenantKey: string, msg: OutboundMessage, idempotencyKey: string): Promise<{ messageId: string }> {
    if (!msg.card && msg.text === undefined) throw new PlatformError('a message needs a card or text', false, undefined, 'empty');
    const input: Parameters<PlaygroundStore['appendBotMessage']>[0] = { chatId: chatOf(msg.to), sendKey: idempotencyKey };
    if (msg.card) input.card = msg.card;
    if (msg.text !== undefined) input.text = msg.text;
    if (msg.to.kind === 'reply') input.replyTo = msg.to.messageId;
    return { messageId: await this.store.appendBotMessage(input) };
  }

  async updateCard(_tenantKey: string, messageId: string, card: Card): Promise<void> {
    if (!(await this.store.updateCard(messageId, card))) {
      throw new PlatformError(`no playground message ${messageId}`, false, undefined, 'not_found');
    }
  }

  async getUserProfile(_tenantKey: string, userId: string): Promise<SenderProfile> {
    const m = demoMember(userId);
    if (!m) return { name: userId };
    const profile: SenderProfile = { name: m.name, department: DEMO_TEAM.name };
    if (m.role === 'rep') profile.leaderId = DEMO_MANAGER.id;
    return profile;
  }
}

export function chatOf(to: Destination): string {
  return to.kind === 'user' ? dmChatId(to.userId) : to.chatId;
}
