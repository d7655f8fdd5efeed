import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { createBot } from '../../src/core/bot/createBot.js';
import type { Db } from '../../src/db/client.js';
import { createApp } from '../../src/http/app.js';
import type { AppEnv } from '../../src/http/env.js';
import { createInboundQueue, producerConnection, workerConnection, type InboundQueue } from '../../src/jobs/inbound/queue.js';
import { recordInbound } from '../../src/jobs/inbound/record.js';
import { startInboundRepair, type InboundRepair } from '../../src/jobs/inbound/repair.js';
import { createInboundWorker } from '../../src/jobs/inbound/worker.js';
import { startJobs, type Jobs } from '../../src/jobs/index.js';
import { FeishuClient } from '../../src/platforms/feishu/client.js';
import { createFeishuWebhook } from '../../src/platforms/feishu/webhook.js';
import { startFeishuFake, type FeishuFake, type SentMessage } from '../fakes/feishuApi.js';
import { buildCallback, cardActionEvent, messageEvent, type MessageEventInput } from '../fakes/feishuCallbacks.js';
import { redisUrl } from '../helpers/pg.js';
import type { Worker } from 'bullmq';

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
 * The whole Feishu path in one process: the Hono app with the real webhook, inbound store,
 * queue and worker, D's bot over the test database, E's outbox and sender, and the real SDK
 * client talking to a local fake of Feishu's Open API.
 */
export async function startHarness(opts: HarnessOptions) {
  const now = opts.now ?? (() => new Date());
  const prefix = `tfs${randomBytes(4).toString('hex')}`;
  const fake = await startFeishuFake();
  const client = new FeishuClient({ appId: fake.appId, appSecret: fake.appSecret, baseUrl: fake.url, timeoutMs: 3000 });
  const jobs: Jobs = await startJobs({ db: opts.db, redisUrl: redisUrl(), clients: { feishu: client }, prefix, sweepEveryMs: 0, now });
  const bot = createBot({ db: opts.db, now, adminIds: ['ou_admin'], defaultRole: 'rep' });
  const inboundUrl = opts.inboundRedisUrl ?? redisUrl();
  const producer: Redis = producerConnection(inboundUrl);
  producer.on('error', () => undefined);
  const queue: InboundQueue = createInboundQueue(producer, prefix);
  const workerRedis = workerConnection(inboundUrl);
  workerRedis.on('error', () => undefined);
  const worker: Worker = createInboundWorker({ db: opts.db, bot, outbox: jobs.outbox, clients: { feishu: client }, now }, { connection: workerRedis, prefix });
  const repair: InboundRepair = startInboundRepair({ db: opts.db, queue, everyMs: opts.repairEveryMs ?? 200, olderThanMs: 100, now });
  const verify = { verificationToken: TOKEN, replayWindowSeconds: 300, ...(opts.encryptKey ? { encryptKey: opts.encryptKey } : {}) };
  const webhook = createFeishuWebhook({
    verify,
    client,
    bot,
    outbox: jobs.outbox,
    record: (input) => recordInbound(opts.db, queue, input, { enqueueTimeoutMs: 500 }),
    now,
    ...(opts.actionBudgetMs !== undefined ? { actionBudgetMs: opts.actionBudgetMs } : {}),
  });
  const app: Hono<AppEnv> = createApp({ db: opts.db, redis: producer, feishu: webhook, healthTimeoutMs: 500 });
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
      await repair.stop();
      await worker.close();
      await queue.close();
      await jobs.stop(1000);
      producer.disconnect();
      workerRedis.disconnect();
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
