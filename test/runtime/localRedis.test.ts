import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { log } from '../../src/log.js';
import { RedisNotFoundError, startLocalRedis } from '../../src/runtime/localRedis.js';
import { serverEnv } from '../helpers/serverEnv.js';

const root = await mkdtemp(path.join(tmpdir(), 'local-redis-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function withClient<T>(url: string, fn: (r: Redis) => Promise<T>): Promise<T> {
  // No reconnect loop: a stopped server must fail the call, not hang it.
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

describe('with no REDIS_URL, the machine’s redis-server is started and stopped with the bot', () => {
  it('answers on a local port, keeps its keys under DATA_DIR across a restart, and stops', async () => {
    const dataDir = path.join(root, 'redis');
    const first = await startLocalRedis({ dataDir, log, env: serverEnv() });
    await withClient(first.url, (r) => r.set('playground:kept', 'yes'));
    await first.stop();
    await expect(withClient(first.url, (r) => r.ping())).rejects.toThrow();

    const second = await startLocalRedis({ dataDir, log, env: serverEnv() });
    try {
      expect(await withClient(second.url, (r) => r.get('playground:kept'))).toBe('yes');
    } finally {
      await second.stop();
    }
  }, 60_000);
});

describe('with no REDIS_URL and no redis-server installed, start-up stops with one sentence on how to get Redis', () => {
  it('names the package managers and docker compose', async () => {
    const attempt = startLocalRedis({ dataDir: path.join(root, 'none'), log, searchPath: path.join(root, 'empty-bin') });
    await expect(attempt).rejects.toBeInstanceOf(RedisNotFoundError);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server.*brew install redis.*docker compose up -d redis/);
  });
});
