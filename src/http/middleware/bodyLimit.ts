import { bodyLimit } from 'hono/body-limit';

/** Callbacks are a few KB; anything far larger is not from a chat platform. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

export function limitBody(maxBytes: number = DEFAULT_BODY_LIMIT) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json({ error: 'too_large', message: `body exceeds ${maxBytes} bytes` }, 413),
  });
}
