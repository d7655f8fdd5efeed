import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { assemble, type AssembleOverrides, type Assembly } from '../../src/assemble.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { redisUrl } from './pg.js';

export interface TestAssembly extends Assembly {
  /** The BullMQ/Redis key prefix of this assembly's queues. */
  prefix: string;
  /** stop(), then every Redis key under the prefix is deleted, so nothing is left for other files. */
  stop(): Promise<void>;
  /** Stops like a process that exits: what it left in Redis stays for the next assembly on the prefix. */
  exit(): Promise<void>;
}

/**
 * The production assembly (src/assemble.ts) for a test: the test's own database, a Redis key
 * prefix of its own, the sweep ticker off; `env` is what a deployment's environment would say
 * (platform credentials, a fake's base URL). Playground off unless `env` turns it on.
 */
export async function assembleForTest(db: Db, env: Record<string, string>, overrides: AssembleOverrides = {}): Promise<TestAssembly> {
  const prefix = overrides.queuePrefix ?? `ta${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PLAYGROUND: 'off', REDIS_URL: redisUrl(), ...env });
  const assembly = await assemble(config, { ...overrides, db, queuePrefix: prefix, jobs: { sweepEveryMs: 0, ...overrides.jobs } });
  return {
    ...assembly,
    prefix,
    exit: () => assembly.stop(),
    async stop() {
      await assembly.stop();
      await deleteKeys(prefix);
    },
  };
}

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl());
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
