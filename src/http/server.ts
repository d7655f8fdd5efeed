import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface RunningServer {
  port: number;
  url: string;
  /** Stops accepting, drops idle keep-alive sockets, resolves when closed. */
  close(): Promise<void>;
}

/** Serves a fetch handler (a Hono app's `.fetch`) on Node; port 0 picks a free one. */
export function startServer(fetch: (request: Request) => Response | Promise<Response>, opts: { port: number; hostname?: string }): Promise<RunningServer> {
  const hostname = opts.hostname ?? '0.0.0.0';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: opts.port, hostname }, (info: AddressInfo) => {
      const shownHost = hostname === '0.0.0.0' ? '127.0.0.1' : hostname;
      resolve({
        port: info.port,
        url: `http://${shownHost}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
