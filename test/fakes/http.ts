import { startServer, type RunningServer } from '../../src/http/server.js';

/**
 * A local HTTP server for fakes of the platforms' Open APIs: loopback only, on a free port.
 * Hand it a fetch handler (e.g. a Hono app's `.fetch`).
 */
export function startFakeServer(fetch: (request: Request) => Response | Promise<Response>): Promise<RunningServer> {
  return startServer(fetch, { port: 0, hostname: '127.0.0.1' });
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
