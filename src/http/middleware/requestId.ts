import { requestId } from 'hono/request-id';

/**
 * X-Request-Id in and out: kept from a proxy that set one (trimmed to a sane length),
 * generated otherwise, and echoed in every error body so a log line can be found from a reply.
 */
export function requestIdMiddleware() {
  return requestId({ headerName: 'X-Request-Id', limitLength: 128 });
}
