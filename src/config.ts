import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * Environment → typed configuration, read once at start-up; the one reader of process.env.
 * See .env.example for every variable.
 */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const serverSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: an embedded PostgreSQL is started with its data under DATA_DIR. */
  DATABASE_URL: optional.pipe(z.string().url().optional()),
  /** Unset: a local redis-server is started if one is installed. */
  REDIS_URL: optional.pipe(z.string().url().optional()),
  DATA_DIR: z.string().default('./.data'),
  /** Serve the local chat playground at / (on by default when no platform is configured). */
  PLAYGROUND: z.enum(['on', 'off', 'auto']).default('auto'),
  /** Seed the playground with demo leads on start. */
  SEED_DEMO: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Platform user ids (comma separated) that are admins on first sight. */
  ADMIN_USER_IDS: z.string().default('').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Role given to a sender seen for the first time. */
  DEFAULT_ROLE: z.enum(['rep', 'manager', 'admin']).default('rep'),
  /** The address users reach the bot at (https://bot.example.com): links in cards (the 看板) start with it. Unset: http://localhost:PORT. */
  PUBLIC_URL: optional.pipe(z.string().url().optional()),
  /** How often the 看板's rollups catch up with the leads, besides right after a change. */
  DASHBOARD_REFRESH_SECONDS: z.coerce.number().int().min(1).default(10),
  /** Seconds a signed callback's timestamp may differ from now. */
  REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),

  /** The warehouse feed's folder (docs/warehouse.md); unset: no daily batch. */
  WAREHOUSE_DIR: optional,
  /** When the daily batch is written (HH:MM, in WAREHOUSE_TIME_ZONE). */
  WAREHOUSE_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'WAREHOUSE_AT is a time of day such as 02:30').default('02:30'),
  WAREHOUSE_TIME_ZONE: z.string().refine(isTimeZone, 'WAREHOUSE_TIME_ZONE is an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
});

/** Read only to build `feishu` and `wecom` below; the rest of the code sees those. */
const platformSchema = z.object({
  FEISHU_APP_ID: optional,
  FEISHU_APP_SECRET: optional,
  FEISHU_VERIFICATION_TOKEN: optional,
  FEISHU_ENCRYPT_KEY: optional,
  FEISHU_BASE_URL: z.string().url().default('https://open.feishu.cn'),

  WECOM_CORP_ID: optional,
  WECOM_AGENT_ID: optional,
  WECOM_SECRET: optional,
  WECOM_TOKEN: optional,
  WECOM_AES_KEY: optional.pipe(z.string().length(43, 'WECOM_AES_KEY is the 43-character EncodingAESKey').optional()),
  WECOM_BASE_URL: z.string().url().default('https://qyapi.weixin.qq.com'),
});

type Server = z.infer<typeof serverSchema>;
type Platforms = z.infer<typeof platformSchema> & { REPLAY_WINDOW_SECONDS: number };

/** Feishu's part of the configuration, present when FEISHU_APP_ID is set. */
export interface FeishuConfig {
  appId: string;
  appSecret: string;
  verificationToken: string;
  /** Unset: Feishu posts plaintext bodies and the verification token is the only check. */
  encryptKey?: string;
  baseUrl: string;
  replayWindowSeconds: number;
}

/** WeCom's part of the configuration, present when WECOM_CORP_ID is set. */
export interface WecomConfig {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  aesKey: string;
  baseUrl: string;
  replayWindowSeconds: number;
}

export type Config = Server & {
  feishu: FeishuConfig | null;
  wecom: WecomConfig | null;
  playgroundEnabled: boolean;
};

export class ConfigError extends Error {}

function invalid(lines: string[]): ConfigError {
  return new ConfigError(`invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}

function feishuConfig(c: Platforms): FeishuConfig | null {
  const { FEISHU_APP_ID: appId, FEISHU_APP_SECRET: appSecret, FEISHU_VERIFICATION_TOKEN: verificationToken } = c;
  if (!appId) return null;
  if (!appSecret || !verificationToken) throw invalid(['FEISHU_APP_SECRET and FEISHU_VERIFICATION_TOKEN are required when FEISHU_APP_ID is set']);
  return {
    appId,
    appSecret,
    verificationToken,
    ...(c.FEISHU_ENCRYPT_KEY ? { encryptKey: c.FEISHU_ENCRYPT_KEY } : {}),
    baseUrl: c.FEISHU_BASE_URL,
    replayWindowSeconds: c.REPLAY_WINDOW_SECONDS,
  };
}

function wecomConfig(c: Platforms): WecomConfig | null {
  const { WECOM_CORP_ID: corpId, WECOM_AGENT_ID: agentId, WECOM_SECRET: secret, WECOM_TOKEN: token, WECOM_AES_KEY: aesKey } = c;
  if (!corpId) return null;
  if (!agentId || !secret || !token || !aesKey) {
    const missing = (['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const).filter((k) => !c[k]);
    throw invalid([`${missing.join(', ')} required when WECOM_CORP_ID is set`]);
  }
  return { corpId, agentId, secret, token, aesKey, baseUrl: c.WECOM_BASE_URL, replayWindowSeconds: c.REPLAY_WINDOW_SECONDS };
}

/** Checks an environment (a plain record in tests) and narrows each platform's settings once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const server = serverSchema.safeParse(env);
  const platforms = platformSchema.safeParse(env);
  const issues = [...(server.error?.issues ?? []), ...(platforms.error?.issues ?? [])];
  if (!server.success || !platforms.success) throw invalid(issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const c = server.data;
  const feishu = feishuConfig({ ...platforms.data, REPLAY_WINDOW_SECONDS: c.REPLAY_WINDOW_SECONDS });
  const wecom = wecomConfig({ ...platforms.data, REPLAY_WINDOW_SECONDS: c.REPLAY_WINDOW_SECONDS });
  const playgroundEnabled = c.PLAYGROUND === 'on' || (c.PLAYGROUND === 'auto' && !feishu && !wecom);
  return { ...c, feishu, wecom, playgroundEnabled };
}

/**
 * The process's environment: a .env beside package.json (as .env.example describes) under the
 * real environment, which wins.
 */
export function processEnv(opts: { dotEnv?: string } = {}): Record<string, string | undefined> {
  const file = opts.dotEnv ?? '.env';
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}
