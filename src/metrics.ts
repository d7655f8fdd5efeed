import type { Context } from 'hono';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics for the whole process. C1's HTTP middleware observes `webhookLatency`;
 * the jobs observe the rest. Queue depths are read from Redis when /metrics is scraped.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'leadbot_' });

export const webhookLatency = new Histogram({
  name: 'leadbot_webhook_latency_seconds',
  help: 'Time from receiving a platform callback to answering it',
  labelNames: ['platform', 'kind', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  registers: [registry],
});

export const sendsTotal = new Counter({
  name: 'leadbot_outbound_sends_total',
  help: 'Outbound messages by platform and outcome (sent, updated, retried, failed, duplicate, deferred)',
  labelNames: ['platform', 'outcome'] as const,
  registers: [registry],
});

export const jobFailures = new Counter({
  name: 'leadbot_job_failures_total',
  help: 'Job attempts that threw, by queue and job name',
  labelNames: ['queue', 'name'] as const,
  registers: [registry],
});

export const timersFired = new Counter({
  name: 'leadbot_timers_fired_total',
  help: 'Lead timers that ran, by kind and effect (notified, released, expired, stale)',
  labelNames: ['kind', 'effect'] as const,
  registers: [registry],
});

export const sweepRepairs = new Counter({
  name: 'leadbot_sweep_repairs_total',
  help: 'Work the periodic sweep did that a job should have done (released, expired, rescheduled, requeued)',
  labelNames: ['what'] as const,
  registers: [registry],
});

export type QueueCounts = Record<string, number>;
/** Something that can report a queue's job counts by state (a BullMQ Queue does). */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(...types: ('waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'prioritized')[]): Promise<QueueCounts>;
}

const watched = new Set<CountableQueue>();

/** Queues whose depth /metrics reports; startJobs registers its queues and stopJobs removes them. */
export function watchQueues(queues: readonly CountableQueue[]): () => void {
  for (const q of queues) watched.add(q);
  return () => {
    for (const q of queues) watched.delete(q);
  };
}

new Gauge({
  name: 'leadbot_queue_jobs',
  help: 'Jobs in each queue by state',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    await Promise.all(
      [...watched].map(async (q) => {
        try {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
        } catch {
          // Redis down: the depth is unknown, which the absence of the series shows.
        }
      }),
    );
  },
});

/** Hono handler for GET /metrics. */
export async function metricsHandler(c: Context): Promise<Response> {
  const body = await registry.metrics();
  return c.body(body, 200, { 'Content-Type': registry.contentType });
}
