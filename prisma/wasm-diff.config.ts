import { PrismaPg } from '@prisma/adapter-pg';

// Config for `npm run db:diff` only. Prisma 6.19's "js" engine runs the schema engine as
// WebAssembly, so a migration can be generated on a machine that cannot download Prisma's
// native engines. It opens a connection to DATABASE_URL but diffs only the two schemas.
export default {
  engine: 'js',
  experimental: { adapter: true },
  schema: 'schema.prisma',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
};
