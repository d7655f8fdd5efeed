import { createHash } from 'node:crypto';
import {
  Client,
  DefaultCache,
  LoggerLevel,
  defaultHttpInstance,
  withTenantKey,
} from '@larksuiteoapi/node-sdk';
import type { Card } from '../../cards/model.js';
import type { OutboundMessage, SenderProfile } from '../../core/bot/types.js';
import { log } from '../../log.js';
import type { PlatformClient } from '../types.js';
import { PlatformError } from '../types.js';
import { errorFromBody, toPlatformError, type FeishuBody } from './errors.js';
import { renderFeishuCard } from './renderCard.js';

export interface FeishuClientOptions {
  appId: string;
  appSecret: string;
  /** FEISHU_BASE_URL: the open platform, or a local fake in tests. */
  baseUrl: string;
  /** Per-request deadline; a hung call must not hold a worker forever. */
  timeoutMs?: number;
}

/** Feishu caps the send idempotency key (`uuid`) at 50 characters. */
const UUID_MAX = 50;

/**
 * Every outbound Feishu call goes through the official SDK's Client, pointed at
 * FEISHU_BASE_URL. Failures come back as PlatformError with `retryable` set for rate
 * limits, 5xx and network faults so the outbound queue knows whether to try again.
 */
export class FeishuClient implements PlatformClient {
  readonly platform = 'feishu' as const;
  readonly sdk: Client;
  private botOpenIdPromise: Promise<string | undefined> | undefined;

  constructor(opts: FeishuClientOptions) {
    // The SDK's generated methods take no per-call timeout and axios waits forever by default;
    // its shared instance is the one place to set a deadline for every Feishu call.
    defaultHttpInstance.defaults.timeout = opts.timeoutMs ?? 10_000;
    this.sdk = new Client({
      appId: opts.appId,
      appSecret: opts.appSecret,
      domain: opts.baseUrl.replace(/\/+$/, ''),
      // Its own token cache, so two clients (two fakes in one test run) never share a token.
      cache: new DefaultCache(),
      logger: sdkLogger,
      loggerLevel: LoggerLevel.warn,
    });
  }

  async send(tenantKey: string, msg: OutboundMessage, idempotencyKey: string): Promise<{ messageId: string }> {
    const { msgType, content } = messageContent(msg);
    const uuid = feishuUuid(idempotencyKey);
    const opts = withTenantKey(tenantKey);
    const to = msg.to;
    const res = await this.call('send message', () =>
      to.kind === 'reply'
        ? this.sdk.im.v1.message.reply({ path: { message_id: to.messageId }, data: { msg_type: msgType, content, uuid } }, opts)
        : this.sdk.im.v1.message.create(
            {
              params: { receive_id_type: to.kind === 'user' ? 'open_id' : 'chat_id' },
              data: { receive_id: to.kind === 'user' ? to.userId : to.chatId, msg_type: msgType, content, uuid },
            },
            opts,
          ),
    );
    const messageId = res.data?.message_id;
    if (!messageId) throw new PlatformError('send message: Feishu answered without a message_id', true);
    return { messageId };
  }

  async updateCard(tenantKey: string, messageId: string, card: Card): Promise<void> {
    await this.call('update card', () =>
      this.sdk.im.v1.message.patch(
        { path: { message_id: messageId }, data: { content: JSON.stringify(renderFeishuCard(card)) } },
        withTenantKey(tenantKey),
      ),
    );
  }

  async getUserProfile(tenantKey: string, userId: string): Promise<SenderProfile> {
    const opts = withTenantKey(tenantKey);
    const res = await this.call('get user', () =>
      this.sdk.contact.v3.user.get(
        { path: { user_id: userId }, params: { user_id_type: 'open_id', department_id_type: 'open_department_id' } },
        opts,
      ),
    );
    const user = res.data?.user;
    const profile: SenderProfile = { name: user?.name ?? '' };
    if (user?.leader_user_id) profile.leaderId = user.leader_user_id;
    const departmentId = user?.department_ids?.[0];
    if (departmentId) profile.department = (await this.departmentName(departmentId, tenantKey)) ?? departmentId;
    return profile;
  }

  /**
   * The bot's own open_id, to tell "@bot" from "@someone else" in group messages.
   * Asked once per process; undefined when the API refuses (events then fall back to a heuristic).
   */
  botOpenId(): Promise<string | undefined> {
    this.botOpenIdPromise ??= this.sdk
      .request<{ code?: number; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' })
      .then((r) => (r.code === 0 ? r.bot?.open_id : undefined))
      .catch((err: unknown) => {
        log.warn({ err: toPlatformError(err, 'bot info').message }, 'feishu bot info unavailable');
        this.botOpenIdPromise = undefined;
        return undefined;
      });
    return this.botOpenIdPromise;
  }

  /** Department names need their own call; a missing contact scope must not block a reply. */
  private async departmentName(departmentId: string, tenantKey: string): Promise<string | undefined> {
    try {
      const res = await this.call('get department', () =>
        this.sdk.contact.v3.department.get(
          { path: { department_id: departmentId }, params: { department_id_type: 'open_department_id' } },
          withTenantKey(tenantKey),
        ),
      );
      return res.data?.department?.name;
    } catch (err) {
      log.debug({ err: toPlatformError(err, 'get department').message }, 'department name unavailable');
      return undefined;
    }
  }

  private async call<T extends { code?: number; msg?: string }>(what: string, fn: () => Promise<T>): Promise<T> {
    let res: T;
    try {
      res = await fn();
    } catch (err) {
      throw toPlatformError(err, what);
    }
    if (res.code !== undefined && res.code !== 0) {
      const body: FeishuBody = { code: res.code };
      if (res.msg !== undefined) body.msg = res.msg;
      throw errorFromBody(body, what);
    }
    return res;
  }
}

export function messageContent(msg: OutboundMessage): { msgType: 'interactive' | 'text'; content: string } {
  if (msg.card) return { msgType: 'interactive', content: JSON.stringify(renderFeishuCard(msg.card)) };
  return { msgType: 'text', content: JSON.stringify({ text: msg.text ?? '' }) };
}

/** Short keys pass through unchanged; longer ones become a stable digest within Feishu's limit. */
export function feishuUuid(key: string): string {
  if (key.length <= UUID_MAX) return key;
  return createHash('sha256').update(key).digest('base64url').slice(0, 43);
}

/**
 * The SDK logs whole axios errors, request bodies included (card contents, phone numbers);
 * our PlatformError carries what matters, so its chatter stays at debug.
 */
const sdkLog = log.child({ component: 'feishu-sdk' });
const sdkLogger = {
  error: (...msg: unknown[]): void => sdkLog.debug({ sdk: 'error' }, summarize(msg)),
  warn: (...msg: unknown[]): void => sdkLog.debug({ sdk: 'warn' }, summarize(msg)),
  info: (...msg: unknown[]): void => sdkLog.trace(summarize(msg)),
  debug: (...msg: unknown[]): void => sdkLog.trace(summarize(msg)),
  trace: (...msg: unknown[]): void => sdkLog.trace(summarize(msg)),
};

function summarize(msg: unknown[]): string {
  return msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : '[object]')).join(' ');
}
