import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Pipeline } from '../../core/bot/pipeline.js';
import type { ActionResponse, IncomingAction, IncomingMessage, OutboundMessage } from '../../core/bot/types.js';
import { log } from '../../log.js';
import { PlatformError } from '../types.js';
import type { WecomClient } from './client.js';
import { createWecomCrypto, withinReplayWindow, type WecomCryptoConfig } from './crypto.js';
import { toIncomingAction, toIncomingMessage } from './incoming.js';
import { parseCallback, parseEnvelope, type WecomCardEvent } from './xml.js';

/**
 * WeCom's callback URL as plain functions of (query, raw body); routes.ts only moves bytes.
 *
 * Text messages are stored (and queued) before the answer, so WeCom's 5-second limit is met
 * whatever the bot or Redis is doing, and a retry with the same MsgId is a no-op. Card clicks
 * go to the core's click pipeline keyed by `cardEventKey`, so a retried click runs once; the
 * clicked card is then replaced through update_template_card with the click's response code.
 * Past `actionBudgetMs` the answer goes out and the work finishes behind it.
 */
export interface WecomWebhookDeps {
  crypto: WecomCryptoConfig;
  replayWindowSeconds: number;
  client: Pick<WecomClient, 'getUserProfile' | 'updateClickedCard'>;
  /** The core's entry for clicks (core/bot/pipeline.ts). */
  pipeline: Pick<Pipeline, 'click'>;
  /** Stores the message durably and queues it (recordInbound bound to db + queue). */
  record: (input: { platform: 'wecom'; eventKey: string; payload: IncomingMessage }) => Promise<{ status: 'stored' | 'duplicate' }>;
  now?: () => Date;
  actionBudgetMs?: number;
}

export type WecomReply =
  | { status: 200; text: string }
  | { status: 400 | 401 | 403 | 500; error: string; message: string };

export type QueryLookup = (name: string) => string | undefined;

const signedQuery = z.object({ msg_signature: z.string().min(1), timestamp: z.string().min(1), nonce: z.string().min(1) });

const ok = (text = ''): WecomReply => ({ status: 200, text });
const refuse = (status: 400 | 401 | 403 | 500, error: string, message: string): WecomReply => ({ status, error, message });

/** One click, one key: WeCom retries repeat the sender, the second and the button key. */
export function cardEventKey(e: WecomCardEvent, corpId: string): string {
  return `card:${createHash('sha256').update(`${corpId}\n${e.FromUserName}\n${e.CreateTime}\n${e.EventKey}`).digest('hex').slice(0, 40)}`;
}

export function createWecomWebhook(deps: WecomWebhookDeps) {
  const crypto = createWecomCrypto(deps.crypto);
  const now = deps.now ?? (() => new Date());
  const budgetMs = deps.actionBudgetMs ?? 3500;

  function open(query: QueryLookup, encrypt: string): { ok: true; message: string } | { ok: false; reply: WecomReply } {
    const q = signedQuery.safeParse({ msg_signature: query('msg_signature'), timestamp: query('timestamp'), nonce: query('nonce') });
    if (!q.success) return { ok: false, reply: refuse(400, 'malformed', 'msg_signature, timestamp and nonce are required') };
    const { msg_signature: msgSignature, timestamp, nonce } = q.data;
    const opened = crypto.open({ msgSignature, timestamp, nonce, encrypt });
    if (!opened.ok && opened.reason === 'signature') return { ok: false, reply: refuse(401, 'signature', 'msg_signature does not match') };
    if (!withinReplayWindow(timestamp, now(), deps.replayWindowSeconds)) {
      return { ok: false, reply: refuse(401, 'stale', `timestamp is outside the ${deps.replayWindowSeconds} s replay window`) };
    }
    if (!opened.ok && opened.reason === 'corp_id') {
      return { ok: false, reply: refuse(403, 'corp_id', `the payload is for corp ${opened.receiveId}, not this app's corp`) };
    }
    if (!opened.ok) return { ok: false, reply: refuse(400, 'ciphertext', opened.detail) };
    return { ok: true, message: opened.message };
  }

  /** GET: WeCom checks the URL by asking us to decrypt echostr. */
  function verifyUrl(query: QueryLookup): WecomReply {
    // Base64 has no spaces: a space is a '+' some proxy left unencoded and the query parser read as form encoding.
    const echostr = query('echostr')?.replace(/ /g, '+');
    if (!echostr) return refuse(400, 'malformed', 'echostr is required');
    const opened = open(query, echostr);
    return opened.ok ? ok(opened.message) : opened.reply;
  }

  async function callback(query: QueryLookup, raw: string): Promise<WecomReply> {
    const envelope = parseEnvelope(raw);
    if (!envelope.ok) return refuse(400, 'malformed', envelope.error);
    const opened = open(query, envelope.value.Encrypt);
    if (!opened.ok) return opened.reply;
    if (envelope.value.ToUserName !== deps.crypto.corpId) {
      return refuse(403, 'corp_id', `the callback is addressed to corp ${envelope.value.ToUserName}, not this app's corp`);
    }
    const parsed = parseCallback(opened.message);
    if (!parsed.ok) return refuse(400, 'malformed', parsed.error);
    const cb = parsed.value;
    if (cb.kind === 'text') {
      const payload = toIncomingMessage(cb.message, deps.crypto.corpId);
      // MsgId is unique within one corp; several corps may share one database.
      await deps.record({ platform: 'wecom', eventKey: `${deps.crypto.corpId}:${cb.message.MsgId}`, payload });
      return ok();
    }
    if (cb.kind === 'card_event') return clicked(cb.event);
    return ok();
  }

  async function clicked(event: WecomCardEvent): Promise<WecomReply> {
    const action = toIncomingAction(event, deps.crypto.corpId);
    if (!action) {
      log.warn({ eventKey: event.EventKey.slice(0, 80) }, 'wecom: card click with a key this app did not make');
      return ok();
    }
    const key = cardEventKey(event, deps.crypto.corpId);
    try {
      // Answered or not, WeCom shows nothing from this reply: the card is replaced through the API.
      await deps.pipeline.click(
        { action, dedupeKey: key, lookupProfile: () => deps.client.getUserProfile(action.tenantKey, action.userId), budgetMs },
        { present: (res) => showResult(action, event, key, res) },
      );
      return ok();
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), action: action.action }, 'wecom: card action failed');
      // Unanswered, WeCom retries; the ledger lets that retry run the click again.
      return refuse(500, 'internal', 'the card action failed');
    }
  }

  /**
   * Replaces the clicked card with the answer, through the click's one-time response code; the
   * rendering's follow-up prompt, if any, goes back to the Outbox. A failed update only leaves
   * the old card up.
   */
  async function showResult(action: IncomingAction, event: WecomCardEvent, key: string, res: ActionResponse): Promise<OutboundMessage[]> {
    if (!res.card) return [];
    const card = res.card;
    const update = () => deps.client.updateClickedCard(event.ResponseCode, event.TaskId, card);
    try {
      const { prompt } = await update().catch((err: unknown) => {
        if (err instanceof PlatformError && err.retryable) return update();
        throw err;
      });
      return prompt ? [{ to: { kind: 'user', userId: action.userId }, text: prompt, dedupeKey: `wecom:${key}:prompt` }] : [];
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err), action: action.action }, 'wecom: clicked card not updated');
      return [];
    }
  }

  return { verifyUrl, callback };
}

export type WecomWebhook = ReturnType<typeof createWecomWebhook>;
