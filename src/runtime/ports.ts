import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 nothing listens on: `preferred` when it is free (so the embedded
 * database keeps one address across restarts and a `psql` command from the logs keeps
 * working), otherwise one the kernel picks.
 */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred !== undefined) {
    const got = await tryListen(preferred);
    if (got !== undefined) return got;
  }
  const any = await tryListen(0);
  if (any === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return any;
}

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => resolve(chosen));
    });
  });
}
