import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

/** Reads the body once as text for routes that verify a signature over the exact bytes. */
export function rawBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('rawBody', await c.req.text());
    await next();
  };
}
