import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;
/** A client or the client inside an interactive transaction. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export function createDb(databaseUrl: string, poolSize = 10): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}

/**
 * Interactive transactions wait for a pooled connection; under a burst (fifty reps reporting
 * one customer at once) Prisma's 2 s default wait is too short, so every caller shares these.
 */
export const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;
