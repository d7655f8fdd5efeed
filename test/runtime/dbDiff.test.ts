import { describe, expect, it } from 'vitest';
import { migrationFolder, toPrisma6 } from '../../src/db/diff.js';

// `npm run db:diff` itself downloads Prisma 6.19 from the registry; these are its offline parts.
describe('npm run db:diff names the new migration so it applies after every existing one', () => {
  it('stamps it with the UTC time and a snake_case name', () => {
    expect(migrationFolder(new Date('2026-12-01T08:09:10Z'), 'Add lead tags', ['20261128000000_init', 'migration_lock.toml'])).toBe(
      '20261201080910_add_lead_tags',
    );
  });

  it('goes one second past the newest folder when the clock is behind it', () => {
    expect(migrationFolder(new Date('2026-11-28T02:00:00Z'), 'x', ['20261128000000_init', '20261128152917_playground_messages'])).toBe(
      '20261128152918_x',
    );
  });

  it('refuses a migration without a name', () => {
    expect(() => migrationFolder(new Date(), '  ', [])).toThrow(/name the migration/);
  });
});

describe('npm run db:diff hands Prisma 6 the schema in its own dialect', () => {
  const schema = `generator client {
  provider     = "prisma-client"
  output       = "../src/generated/prisma"
}

datasource db {
  provider = "postgresql"
}

model Org {
  id String @id
}
`;

  it('uses the prisma-client-js generator and reads the URL from DATABASE_URL, leaving the models alone', () => {
    const out = toPrisma6(schema);
    expect(out).toContain('generator client {\n  provider = "prisma-client-js"\n}');
    expect(out).toMatch(/provider = "postgresql"\n {2}url {6}= env\("DATABASE_URL"\)/);
    expect(out).toContain('model Org {\n  id String @id\n}');
    expect(out).not.toContain('output');
  });
});
