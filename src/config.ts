import { z } from 'zod';

/** Environment → typed configuration, read once at start-up. See .env.example. */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z.object({
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
  /** Seconds a signed callback's timestamp may differ from now. */
  REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),

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

export type Config = z.infer<typeof envSchema> & {
  feishuEnabled: boolean;
  wecomEnabled: boolean;
  playgroundEnabled: boolean;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const feishuEnabled = Boolean(c.FEISHU_APP_ID);
  if (feishuEnabled && (!c.FEISHU_APP_SECRET || !c.FEISHU_VERIFICATION_TOKEN)) {
    throw new ConfigError('invalid configuration:\n  FEISHU_APP_SECRET and FEISHU_VERIFICATION_TOKEN are required when FEISHU_APP_ID is set');
  }
  const wecomEnabled = Boolean(c.WECOM_CORP_ID);
  if (wecomEnabled) {
    const missing = (['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const).filter((k) => !c[k]);
    if (missing.length > 0) {
      throw new ConfigError(`invalid configuration:\n  ${missing.join(', ')} required when WECOM_CORP_ID is set`);
    }
  }
  const playgroundEnabled = c.PLAYGROUND === 'on' || (c.PLAYGROUND === 'auto' && !feishuEnabled && !wecomEnabled);
  return { ...c, feishuEnabled, wecomEnabled, playgroundEnabled };
}
