import type { Logger } from '../log.js';

/**
 * Everything start-up brings up, stopped in reverse: the HTTP server stops accepting first,
 * then workers finish their jobs, then queues and connections close, and the embedded
 * PostgreSQL and local Redis go last, once nothing uses them.
 */
export class ShutdownStack {
  private readonly steps: { name: string; run: () => Promise<void>; timeoutMs: number }[] = [];
  private unwinding: Promise<void> | undefined;

  constructor(private readonly log: Logger) {}

  push(name: string, run: () => Promise<void>, timeoutMs = 30_000): void {
    this.steps.push({ name, run, timeoutMs });
  }

  /** Runs every step once, newest first; a failing or hung step is logged and the rest still run. */
  unwind(): Promise<void> {
    this.unwinding ??= (async () => {
      for (const step of this.steps.splice(0).reverse()) {
        const started = Date.now();
        try {
          await withTimeout(step.run(), step.timeoutMs);
          this.log.debug({ step: step.name, ms: Date.now() - started }, 'stopped');
        } catch (err) {
          this.log.warn({ step: step.name, err: err instanceof Error ? err.message : String(err) }, 'shutdown step failed');
        }
      }
    })();
    return this.unwinding;
  }
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
