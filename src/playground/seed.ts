import type { IncomingMessage } from '../core/bot/types.js';
import type { PlaygroundStore } from '../platforms/local/chat.js';
import { LOCAL_TENANT, dmChatId } from '../platforms/local/demo.js';

/**
 * SEED_DEMO=true: a few customers registered by the demo reps, sent as chat messages through
 * the same inbound pipeline as anything typed on the page, so the leads, their history, the
 * timers and the chat all look as if the reps had written them. Fixed ids make it idempotent.
 */
const SEED_MESSAGES: readonly { id: string; from: string; text: string }[] = [
  { id: 'seed-demo-1', from: 'wang-xiaoming', text: '报备 陈先生 13912345678 住万科城 看床垫 预算5000 抖音' },
  { id: 'seed-demo-2', from: 'wang-xiaoming', text: '报备 赵女士 13698765432 住滨江花园 想看沙发 预算1-2万 朋友介绍 这周定' },
  { id: 'seed-demo-3', from: 'li-na', text: '报备 周先生 13511112222 住高新区 衣柜定制 预算3万 小红书 两三个月' },
];

export type RecordInbound = (input: { platform: 'local'; eventKey: string; payload: IncomingMessage }) => Promise<unknown>;

export async function seedDemoLeads(store: PlaygroundStore, record: RecordInbound): Promise<number> {
  for (const s of SEED_MESSAGES) {
    const chatId = dmChatId(s.from);
    const entry = await store.appendUserMessage({ id: s.id, chatId, senderId: s.from, text: s.text });
    await record({
      platform: 'local',
      eventKey: s.id,
      payload: {
        platform: 'local',
        tenantKey: LOCAL_TENANT,
        senderId: s.from,
        chatId,
        chatType: 'p2p',
        messageId: s.id,
        text: s.text,
        sentAt: new Date(entry.createdAt),
      },
    });
  }
  return SEED_MESSAGES.length;
}
