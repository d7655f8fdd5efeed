import { Hono, type Handler, type MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.js';
import type { FeishuWebhook } from '../platforms/feishu/webhook.js';
import type { AppEnv } from './env.js';
import type { DashboardEnv } from './dashboard/routes.js';
import { feishuRoutes } from './feishu.js';
import { healthRoutes } from './health.js';
import { limitBody } from './middleware/bodyLimit.js';
import { webhookLatencyMiddleware } from './middleware/latency.js';
import { notFound, onError } from './middleware/errors.js';
import { requestIdMiddleware } from './middleware/requestId.js';

/** Anything that answers a Request: a Hono app (its `.fetch`) or a bare fetch handler. */
export interface FetchApp {
  fetch: (request: Request) => Response | Promise<Response>;
}

export interface AppDeps {
  db: Pick<Db, '$queryRaw'>;
  /** A Redis client for /healthz (the producer connection: fails fast while Redis is down). */
  redis: { ping(): Promise<unknown> };
  /** Present when Feishu is configured: createFeishuWebhook(...) bound to the bot, outbox and inbound store. */
  feishu?: FeishuWebhook;
  /** Present when WeCom is configured: the sub-app from wecomRoutes(...), mounted at /wecom. */
  wecom?: FetchApp;
  /** GET /metrics: a Hono handler or a sub-app (prom-client's registry behind it). */
  metrics?: Handler<AppEnv> | FetchApp;
  /** Runs before every route (request counters, access logs). */
  middleware?: readonly MiddlewareHandler<AppEnv>[];
  /** The 看板 page and its API (dashboardRoutes), at /dashboard. */
  dashboard?: Hono<DashboardEnv>;
  /** Anything else to mount (the playground, admin pages). */
  extraRoutes?: readonly { path: string; app: FetchApp }[];
  bodyLimitBytes?: number;
  healthTimeoutMs?: number;
}

/**
 * The HTTP face of the bot. It keeps no state of its own between requests (dedupe lives in
 * PostgreSQL, queues in Redis), so any number of copies can run behind a load balancer.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', requestIdMiddleware());
  app.use('*', webhookLatencyMiddleware());
  app.use('*', limitBody(deps.bodyLimitBytes));
  for (const m of deps.middleware ?? []) app.use('*', m);

  const health: Parameters<typeof healthRoutes>[0] = { db: deps.db, redis: deps.redis };
  if (deps.healthTimeoutMs !== undefined) health.timeoutMs = deps.healthTimeoutMs;
  app.route('/healthz', healthRoutes(health));

  if (deps.feishu) app.route('/feishu', feishuRoutes(deps.feishu));
  if (deps.wecom) mount(app, '/wecom', deps.wecom);
  if (deps.metrics) {
    const metrics = deps.metrics;
    if (typeof metrics === 'function') app.get('/metrics', metrics);
    else mount(app, '/metrics', metrics);
  }
  // Before the extra routes: the playground is mounted at / and would take every path.
  if (deps.dashboard) app.route('/dashboard', deps.dashboard);
  for (const r of deps.extraRoutes ?? []) mount(app, r.path, r.app);
  return app;
}

function mount(app: Hono<AppEnv>, path: string, sub: FetchApp): void {
  app.mount(path, (request) => sub.fetch(request));
}
