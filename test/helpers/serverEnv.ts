/**
 * The environment for a server a test starts itself (redis-server). The year-ahead run of the
 * suite (`faketime -f '+365d' npm test`) preloads libfaketime into every child; redis-server
 * cannot start under it (jemalloc's clock calls recurse in the library), and a server's own
 * clock is not what that run moves: the shared PostgreSQL and Redis keep the real time too.
 */
export function serverEnv(): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...rest } = process.env;
  return rest;
}
