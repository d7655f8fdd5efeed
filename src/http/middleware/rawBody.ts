import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

/**
 * Reads the body once for routes that verify a signature over the exact bytes. ignoreBOM keeps
 * every character (Request.text() would drop a leading BOM), so re-encoding the text as UTF-8
 * gives back the bytes that were signed.
 */
export function rawBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bytes = await c.req.arrayBuffer();
    c.set('rawBody', new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
    await next();
  };
}
