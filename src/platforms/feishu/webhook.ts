import type { Pipeline } from '../../core/bot/pipeline.js';
import type { IncomingMessage, SenderProfile } from '../../core/bot/types.js';
import type { Card } from '../../cards/model.js';
import { toCallbackResponse, toIncomingAction } from './cardAction.js';
import { cardActionSchema, eventType, messageEventSchema, toIncomingMessage } from './events.js';
import { openFeishuCallback, type FeishuVerifyConfig, type OpenedCallback } from './verify.js';

/** What the webhook needs from the Feishu client: contact lookups, card patches, its own id. */
export interface FeishuWebhookClient {
  getUserProfile(tenantKey: string, userId: string): Promise<SenderProfile>;
  updateCard(tenantKey: string, messageId: string, card: Card): Promise<void>;
  botOpenId(): Promise<string | undefined>;
}

export interface FeishuWebhookDeps {
  verify: FeishuVerifyConfig;
  client: FeishuWebhookClient;
  /** The core's entry for clicks (core/bot/pipeline.ts). */
  pipeline: Pick<Pipeline, 'click'>;
  /** Stores the message durably and queues it (recordInbound bound to db + queue). */
  record: (input: { platform: 'feishu'; eventKey: string; payload: IncomingMessage }) => Promise<{ status: 'stored' | 'duplicate' }>;
  now?: () => Date;
  /** Feishu waits 3 s for a card callback; past this the card is patched afterwards instead. */
  actionBudgetMs?: number;
}

export interface WebhookReply {
  status: 200 | 400 | 401;
  body: Record<string, unknown>;
}

export type HeaderLookup = (name: string) => string | undefined;

/**
 * Feishu's two callback URLs as plain functions of (raw body, headers): Hono (or anything
 * else) only moves bytes. Messages are stored and queued before the 200; card actions run
 * inline because Feishu shows their answer in place of the clicked card.
 */
export function createFeishuWebhook(deps: FeishuWebhookDeps) {
  const now = deps.now ?? (() => new Date());
  const budgetMs = deps.actionBudgetMs ?? 2500;

  function open(raw: string, header: HeaderLookup): OpenedCallback {
    return openFeishuCallback(raw, header, deps.verify, now());
  }

  async function events(raw: string, header: HeaderLookup): Promise<WebhookReply> {
    const opened = open(raw, header);
    if (!opened.ok) return { status: opened.status, body: { error: opened.reason, message: opened.message } };
    if (opened.kind === 'challenge') return { status: 200, body: { challenge: opened.challenge } };
    if (eventType(opened.body) !== 'im.message.receive_v1') return { status: 200, body: { ignored: 'event_type' } };
    const ev = messageEventSchema.safeParse(opened.body);
    if (!ev.success) return { status: 400, body: { error: 'malformed', message: 'not a valid im.message.receive_v1 event' } };
    const botId = ev.data.event.message.chat_type === 'p2p' ? undefined : await botOpenIdWithin(deps.client, 1000);
    const verdict = toIncomingMessage(ev.data, botId);
    if (!verdict.ok) return { status: 200, body: { ignored: verdict.reason } };
    const outcome = await deps.record({ platform: 'feishu', eventKey: verdict.message.messageId, payload: verdict.message });
    return { status: 200, body: { [outcome.status]: true } };
  }

  async function cards(raw: string, header: HeaderLookup): Promise<WebhookReply> {
    const opened = open(raw, header);
    if (!opened.ok) return { status: opened.status, body: { error: opened.reason, message: opened.message } };
    if (opened.kind === 'challenge') return { status: 200, body: { challenge: opened.challenge } };
    const ev = cardActionSchema.safeParse(opened.body);
    if (!ev.success) return { status: 400, body: { error: 'malformed', message: 'not a valid card.action.trigger callback' } };
    const verdict = toIncomingAction(ev.data);
    if (!verdict.ok) return { status: 400, body: { error: 'malformed', message: 'the callback value names no action' } };
    const action = verdict.action;
    const outcome = await deps.pipeline.click(
      { action, lookupProfile: (): Promise<SenderProfile> => deps.client.getUserProfile(action.tenantKey, action.userId), budgetMs },
      {
        // Too slow for the inline answer: the click succeeded quietly, the card is patched when done.
        late: async (res) => {
          if (res.card && action.messageId) await deps.client.updateCard(action.tenantKey, action.messageId, res.card);
        },
      },
    );
    return { status: 200, body: outcome.status === 'answered' ? toCallbackResponse(outcome.response) : {} };
  }

  return { events, cards };
}

export type FeishuWebhook = ReturnType<typeof createFeishuWebhook>;

async function botOpenIdWithin(client: FeishuWebhookClient, ms: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([client.botOpenId(), giveUp]);
  } finally {
    clearTimeout(timer);
  }
}
