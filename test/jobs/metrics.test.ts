import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { metricsHandler, webhookLatency } from '../../src/metrics.js';
import { settled, world } from './setup.js';

const w = await world({ start: '2026-12-01T02:00:00Z' });

describe('GET /metrics speaks Prometheus: queue depths, failures, webhook latency, sends by outcome', () => {
  it('reports what the jobs did', async () => {
    await w.jobs.outbox.enqueue('feishu', w.org.tenantKey, [{ to: { kind: 'user', userId: 'ou_rep1' }, text: '你好', dedupeKey: 'm-1' }]);
    await settled(w.db, 'm-1');
    webhookLatency.observe({ platform: 'feishu', kind: 'event', status: '200' }, 0.042);

    const app = new Hono().get('/metrics', metricsHandler);
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const body = await res.text();
    expect(body).toMatch(/leadbot_outbound_sends_total\{platform="feishu",outcome="sent"\} [1-9]/);
    expect(body).toMatch(/leadbot_queue_jobs\{queue="timers",state="delayed"\} \d+/);
    expect(body).toMatch(/leadbot_webhook_latency_seconds_count\{platform="feishu",kind="event",status="200"\} 1/);
    expect(body).toContain('# TYPE leadbot_job_failures_total counter');
  });
});
