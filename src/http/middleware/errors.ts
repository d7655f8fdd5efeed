import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { log } from '../../log.js';
import type { AppEnv } from '../env.js';

/**
 * Errors leave as JSON with the request id. Client mistakes keep their 4xx; anything else is
 * a 500 so the platform redelivers (nothing was acknowledged, so nothing is lost).
 */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const requestId = requestIdOf(c);
  if (err instanceof HTTPException) {
    return c.json({ error: 'http', message: err.message || 'request refused', requestId }, err.status);
  }
  if (err instanceof SyntaxError) {
    return c.json({ error: 'malformed', message: 'body is not valid JSON', requestId }, 400);
  }
  log.error({ requestId, path: c.req.path, err: err.message, stack: err.stack }, 'request failed');
  return c.json({ error: 'internal', message: 'internal error', requestId }, 500);
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  c.json({ error: 'not_found', message: `${c.req.method} ${c.req.path} is not a route`, requestId: requestIdOf(c) }, 404);

function requestIdOf(c: Context<AppEnv>): string | undefined {
  return c.get('requestId');
}
