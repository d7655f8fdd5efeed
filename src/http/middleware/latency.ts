import type { MiddlewareHandler } from 'hono';
import { webhookLatency } from '../../metrics.js';
import type { AppEnv } from '../env.js';

/**
 * Times every platform callback (/feishu/*, /wecom/*) from arrival to answer: the platforms
 * redeliver after 3 s (Feishu) or 5 s (WeCom), so this is the number to watch.
 */
export function webhookLatencyMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const [, platform, kind] = c.req.path.split('/');
    if (platform !== 'feishu' && platform !== 'wecom') return next();
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      webhookLatency.observe({ platform, kind: kind ?? '', status: String(c.res.status) }, seconds);
    }
  };
}
