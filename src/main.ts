import { ConfigError, loadConfig, processEnv, type Config } from './config.js';
import { log } from './log.js';
import { RedisNotFoundError } from './runtime/localRedis.js';
import type { RunningBot } from './start.js';

/**
 * `npm start`. Everything is wired in assemble.ts and started in start.ts; this file only reads
 * the configuration, turns start-up failures into one clear line, and stops in order on
 * SIGTERM / SIGINT.
 */
function readConfig(): Config {
  try {
    return loadConfig(processEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      // The message names the variable: "invalid configuration:\n  PORT: …".
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  // The logger was made on import, before .env was read.
  log.level = config.LOG_LEVEL;

  let bot: RunningBot;
  try {
    // Loaded after the configuration is known good: a typo in .env is reported at once, not
    // after every SDK has been imported.
    const { startBot } = await import('./start.js');
    bot = await startBot({ config, log });
  } catch (err) {
    if (err instanceof RedisNotFoundError) console.error(err.message);
    else console.error(`start-up failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  // The logs are JSON for machines; someone at a terminal also gets the address in plain words.
  if (config.playgroundEnabled && process.stdout.isTTY) console.log(`\n  playground: ${bot.url}  (Ctrl-C to stop)\n`);

  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches us twice (the terminal signals the whole group, and npm/tsx relay it):
      // only a signal sent again later means "stop now".
      if (Date.now() - stoppingSince < 2_000) return;
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    bot.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
