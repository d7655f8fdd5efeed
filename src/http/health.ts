import { Hono } from 'hono';
import type { Db } from '../db/client.js';
import type { AppEnv } from './env.js';

export interface HealthDeps {
  db: Pick<Db, '$queryRaw'>;
  redis: { ping(): Promise<unknown> };
  timeoutMs?: number;
}

type Check = 'ok' | 'down';

/** GET /healthz: 200 when PostgreSQL and Redis both answer quickly, 503 naming what is down. */
export function healthRoutes(deps: HealthDeps): Hono<AppEnv> {
  const timeoutMs = deps.timeoutMs ?? 1000;
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const [postgres, redis] = await Promise.all([
      probe(() => deps.db.$queryRaw`SELECT 1`, timeoutMs),
      probe(() => deps.redis.ping(), timeoutMs),
    ]);
    const body = { postgres, redis };
    return c.json(body, postgres === 'ok' && redis === 'ok' ? 200 : 503);
  });
  return app;
}

async function probe(fn: () => Promise<unknown>, timeoutMs: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs);
  });
  const attempt = (async (): Promise<Check> => {
    try {
      await fn();
      return 'ok';
    } catch {
      return 'down';
    }
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
