import type { Hono } from 'hono';
import type { Config } from '../../config.js';
import type { Bot, IncomingMessage, Outbox } from '../../core/bot/types.js';
import type { Db } from '../../db/client.js';
import { createActionLedger } from './actionLedger.js';
import { createWecomClient, type WecomClient } from './client.js';
import { wecomRoutes } from './routes.js';

export { createWecomClient, DEFAULT_LINK_URL, type WecomClient, type WecomClientOptions } from './client.js';
export { wecomRoutes, type WecomRoutesDeps } from './routes.js';
export { createWecomCrypto, decryptWecom, encryptWecom, wecomSignature, withinReplayWindow } from './crypto.js';
export { renderCard, renderMarkdown, renderText, taskIdFor } from './renderCard.js';
export { createActionLedger, type ActionLedger } from './actionLedger.js';

/** The WeCom part of the configuration, or null when WECOM_CORP_ID is unset. */
export interface WecomSettings {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  aesKey: string;
  baseUrl: string;
  replayWindowSeconds: number;
}

export function wecomSettings(config: Config): WecomSettings | null {
  const { WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY } = config;
  // loadConfig already refused a corp id without the rest; this narrows the types.
  if (!config.wecomEnabled || !WECOM_CORP_ID || !WECOM_AGENT_ID || !WECOM_SECRET || !WECOM_TOKEN || !WECOM_AES_KEY) return null;
  return {
    corpId: WECOM_CORP_ID,
    agentId: WECOM_AGENT_ID,
    secret: WECOM_SECRET,
    token: WECOM_TOKEN,
    aesKey: WECOM_AES_KEY,
    baseUrl: config.WECOM_BASE_URL,
    replayWindowSeconds: config.REPLAY_WINDOW_SECONDS,
  };
}

export interface WecomAdapterDeps {
  db: Db;
  bot: Bot;
  outbox: Outbox;
  /** recordInbound bound to the database and the inbound queue. */
  record: (input: { platform: 'wecom'; eventKey: string; payload: IncomingMessage }) => Promise<{ status: 'stored' | 'duplicate' }>;
  now?: () => Date;
  /** Where a tapped text_notice card leads (default WeCom's home page). */
  linkUrl?: string;
}

/**
 * Everything the process needs for WeCom: the client (give it to the Outbox's worker and the
 * inbound worker's `clients.wecom`) and the routes (AppDeps.wecom, mounted at /wecom).
 */
export function createWecomAdapter(settings: WecomSettings, deps: WecomAdapterDeps): { client: WecomClient; routes: Hono } {
  const client = createWecomClient({
    baseUrl: settings.baseUrl,
    corpId: settings.corpId,
    secret: settings.secret,
    agentId: settings.agentId,
    ...(deps.linkUrl ? { linkUrl: deps.linkUrl } : {}),
  });
  const routes = wecomRoutes({
    crypto: { token: settings.token, aesKey: settings.aesKey, corpId: settings.corpId },
    replayWindowSeconds: settings.replayWindowSeconds,
    client,
    bot: deps.bot,
    outbox: deps.outbox,
    record: deps.record,
    ledger: createActionLedger(deps.db),
    ...(deps.now ? { now: deps.now } : {}),
  });
  return { client, routes };
}
