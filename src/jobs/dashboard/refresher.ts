import { refreshDashboard, type RefreshResult } from '../../core/dashboard/refresh.js';
import type { Db } from '../../db/client.js';
import { log } from '../../log.js';

/**
 * Runs the 看板's rollup refresh on a timer and soon after the bot reports changed leads.
 * The refresh reads the change feed, so a missed nudge costs only the timer's delay; every
 * server copy runs one, and the refresh's advisory lock lets one of them do the work.
 */
export interface DashboardRefresher {
  /** Leads changed: refresh within `debounceMs`. */
  nudge(): void;
  /** Refresh now and wait (tests, the CLI). */
  runNow(): Promise<RefreshResult | null>;
  stop(): Promise<void>;
}

/** `background: false`: no timer and nudges do nothing; only runNow refreshes (a process without workers). */
export function startDashboardRefresher(db: Db, opts: { everyMs: number; debounceMs?: number; background?: boolean }): DashboardRefresher {
  const debounceMs = opts.debounceMs ?? 500;
  let running: Promise<RefreshResult | null> | null = null;
  let again = false;
  let soon: NodeJS.Timeout | null = null;
  let stopped = false;

  const run = (): Promise<RefreshResult | null> => {
    if (running) {
      again = true;
      return running;
    }
    running = refreshDashboard(db)
      .then((r) => {
        if (r.leads > 0) log.debug({ leads: r.leads, rebuilt: r.rebuilt }, 'dashboard rollups refreshed');
        return r;
      })
      .catch((err: unknown) => {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'dashboard refresh failed; the next run catches up');
        return null;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  };

  const timer = opts.everyMs > 0 ? setInterval(() => void run(), opts.everyMs) : null;
  timer?.unref();
  return {
    nudge() {
      if (stopped || soon || opts.background === false) return;
      soon = setTimeout(() => {
        soon = null;
        void run();
      }, debounceMs);
      soon.unref();
    },
    runNow: run,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (soon) clearTimeout(soon);
      await running;
    },
  };
}
