import type { Hono } from 'hono';
import type { AppEnv } from '../../src/http/env.js';
import type { FeishuClient } from '../../src/platforms/feishu/client.js';
import type { Db } from '../../src/db/client.js';
import { startFeishuFake, type SentMessage } from '../fakes/feishuApi.js';
import { buildCallback, cardActionEvent, messageEvent, type MessageEventInput } from '../fakes/feishuCallbacks.js';
import { assembleForTest } from '../helpers/assembly.js';

export const TOKEN = 'v-token-test';
export const ENCRYPT_KEY = 'e-key-test';

export interface HarnessOptions {
  db: Db;
  /** Unset: plaintext callbacks (no FEISHU_ENCRYPT_KEY). */
  encryptKey?: string;
  /** Where the inbound queue lives (a dedicated redis-server in the Redis-down test). */
  inboundRedisUrl?: string;
  now?: () => Date;
  actionBudgetMs?: number;
  repairEveryMs?: number;
}

/**
 * The whole Feishu path in one process, as production assembles it (src/assemble.ts): the Hono
 * app with the webhook, inbound store, queue, worker and repair loop, the bot, the Outbox and its
 * sender, and the real SDK client talking to a local fake of Feishu's Open API.
 */
export async function startHarness(opts: HarnessOptions) {
  const now = opts.now ?? (() => new Date());
  const fake = await startFeishuFake();
  const assembly = await assembleForTest(
    opts.db,
    {
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_BASE_URL: fake.url,
      ...(opts.encryptKey ? { FEISHU_ENCRYPT_KEY: opts.encryptKey } : {}),
      ADMIN_USER_IDS: 'ou_admin',
    },
    {
      now,
      clients: { feishu: { timeoutMs: 3000 } },
      inbound: {
        enqueueTimeoutMs: 500,
        repairEveryMs: opts.repairEveryMs ?? 200,
        repairOlderThanMs: 100,
        ...(opts.inboundRedisUrl ? { redisUrl: opts.inboundRedisUrl } : {}),
      },
      healthTimeoutMs: 500,
      ...(opts.actionBudgetMs !== undefined ? { cardAnswerBudgetMs: opts.actionBudgetMs } : {}),
    },
  );
  const client: FeishuClient | undefined = assembly.clients.feishu;
  if (!client) throw new Error('Feishu is configured, the assembly has its client');
  const { jobs, inbound } = assembly;
  const { queue, worker, repair } = inbound;
  const app: Hono<AppEnv> = assembly.app;
  const keys = { verificationToken: TOKEN, ...(opts.encryptKey ? { encryptKey: opts.encryptKey } : {}) };

  async function post(path: string, body: string, headers: Record<string, string>) {
    const res = await app.request(path, { method: 'POST', body, headers });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  }

  return {
    app,
    bot: assembly.bot,
    pipeline: assembly.pipeline,
    fake,
    client,
    jobs,
    queue,
    worker,
    repair,
    keys,
    /** A rep writes to the bot: the event goes through /feishu/events, signed and encrypted as configured. */
    say(input: Omit<MessageEventInput, 'token'>) {
      const ev = messageEvent({ token: TOKEN, ...input });
      const cb = buildCallback(ev, keys, { now: now() });
      return { event: ev, ...cb, response: post('/feishu/events', cb.body, cb.headers) };
    },
    /** Posts a prepared callback body (redelivery, tampering) as is. */
    postEvent: (body: string, headers: Record<string, string>) => post('/feishu/events', body, headers),
    postCard: (body: string, headers: Record<string, string>) => post('/feishu/cards', body, headers),
    /** A click on a button of a card that reached the fake, optionally with form values. */
    click(card: SentMessage, buttonText: string, opts: { operator?: string; formValue?: Record<string, unknown>; tenantKey?: string } = {}) {
      const value = buttonValue(card.content, buttonText);
      const ev = cardActionEvent({
        token: TOKEN,
        value,
        messageId: card.messageId,
        ...(opts.operator ? { operatorOpenId: opts.operator } : {}),
        ...(opts.formValue ? { formValue: opts.formValue } : {}),
        ...(opts.tenantKey ? { tenantKey: opts.tenantKey } : {}),
      });
      const cb = buildCallback(ev, keys, { now: now() });
      return post('/feishu/cards', cb.body, cb.headers);
    },
    async close() {
      await assembly.stop();
      await fake.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Feishu shows the entities its card markdown writes for literal characters (a masked phone's &#42;) as those characters. */
function shown(markdown: string): string {
  return markdown.replace(/&#42;/g, '*').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** Every piece of text a reader sees on a Feishu card JSON (markdown, plain_text, table cells). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'content' || k === 'display_name') && typeof x === 'string') out.push(shown(x));
      else if (k === 'rows' && Array.isArray(x)) x.forEach((r) => typeof r === 'object' && r !== null && out.push(...Object.values(r).map(String)));
      else walk(x);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The callback value of the button (or form submit) with this text. */
export function buttonValue(card: unknown, text: string): Record<string, Json> {
  let found: Record<string, Json> | undefined;
  const walk = (v: unknown): void => {
    if (found) return;
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o: Record<string, unknown> = Object.fromEntries(Object.entries(v));
    const label = o.text;
    if (o.tag === 'button' && typeof label === 'object' && label !== null && Reflect.get(label, 'content') === text && Array.isArray(o.behaviors)) {
      const value: unknown = Reflect.get(o.behaviors[0] ?? {}, 'value');
      if (typeof value === 'object' && value !== null) found = JSON.parse(JSON.stringify(value));
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no button "${text}" on card:\n${cardText(card)}`);
  return found;
}

/** Names of the form inputs on a Feishu card with their pre-filled values. */
export function formDefaults(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o: Record<string, unknown> = Object.fromEntries(Object.entries(v));
    if (typeof o.name === 'string' && (o.tag === 'input' || o.tag === 'select_static' || o.tag === 'date_picker')) {
      const d = o.default_value ?? o.initial_option ?? o.initial_date;
      out[o.name] = typeof d === 'string' ? d : '';
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}
