import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { createApp } from '../../src/http/app.js';
import { metricsHandler } from '../../src/metrics.js';
import { producerConnection } from '../../src/jobs/inbound/queue.js';
import { testDb } from '../helpers/db.js';
import { redisUrl } from '../helpers/pg.js';

const { db } = await testDb();
const redis = producerConnection(redisUrl());
const deadRedis = producerConnection('redis://127.0.0.1:1', { retryStrategy: () => null });
deadRedis.on('error', () => undefined);
const deadDb = createDb('postgresql://postgres@127.0.0.1:1/nowhere', 1);

// The producer connection keeps no offline queue: wait until it is connected before probing.
await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));

afterAll(async () => {
  redis.disconnect();
  deadRedis.disconnect();
  await deadDb.$disconnect();
});

describe('GET /healthz reports PostgreSQL and Redis', () => {
  it('200 when both answer', async () => {
    const res = await createApp({ db, redis, healthTimeoutMs: 1000 }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ postgres: 'ok', redis: 'ok' });
  });

  it('503 naming PostgreSQL when it is down', async () => {
    const res = await createApp({ db: deadDb, redis, healthTimeoutMs: 1000 }).request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ postgres: 'down', redis: 'ok' });
  });

  it('503 naming Redis when it is down', async () => {
    const res = await createApp({ db, redis: deadRedis, healthTimeoutMs: 1000 }).request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ postgres: 'ok', redis: 'down' });
  });

  it('503 naming both when both are down', async () => {
    const res = await createApp({ db: deadDb, redis: deadRedis, healthTimeoutMs: 1000 }).request('/healthz');
    expect(await res.json()).toEqual({ postgres: 'down', redis: 'down' });
  });

  it('a check that hangs counts as down instead of hanging the probe', async () => {
    const hanging = { ping: () => new Promise<never>(() => undefined) };
    const res = await createApp({ db, redis: hanging, healthTimeoutMs: 1500 }).request('/healthz');
    expect(await res.json()).toEqual({ postgres: 'ok', redis: 'down' });
  });
});

describe('every answer carries a request id, and errors are JSON', () => {
  it('generates X-Request-Id, or keeps the one a proxy sent', async () => {
    const app = createApp({ db, redis });
    const fresh = await app.request('/healthz');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await app.request('/healthz', { headers: { 'X-Request-Id': 'lb-abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-abc-123');
  });

  it('an unknown route is a JSON 404', async () => {
    const res = await createApp({ db, redis }).request('/nope', { headers: { 'X-Request-Id': 'r1' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found', requestId: 'r1' });
  });

  it('an unexpected error is a JSON 500 with the request id, not a stack trace', async () => {
    const boom = {
      fetch: (): Response => {
        throw new Error('database exploded: secret detail');
      },
    };
    const res = await createApp({ db, redis, extraRoutes: [{ path: '/boom', app: boom }] }).request('/boom', { headers: { 'X-Request-Id': 'r2' } });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ error: 'internal', message: 'internal error', requestId: 'r2' });
  });

  it('Feishu routes are absent when Feishu is not configured', async () => {
    const res = await createApp({ db, redis }).request('/feishu/events', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});

describe('other helpers mount their routes', () => {
  it('/metrics as a handler', async () => {
    const res = await createApp({ db, redis, metrics: (c) => c.text('# HELP up 1\nup 1\n') }).request('/metrics');
    expect(await res.text()).toContain('up 1');
  });

  it('/metrics as a sub-app', async () => {
    const m = new Hono();
    m.get('/', (c) => c.text('from sub-app'));
    const res = await createApp({ db, redis, metrics: m }).request('/metrics');
    expect(await res.text()).toBe('from sub-app');
  });

  it('/wecom from a routes factory, with the prefix stripped', async () => {
    const w = new Hono();
    w.get('/callback', (c) => c.text(`echo ${c.req.query('echostr')}`));
    const res = await createApp({ db, redis, wecom: w }).request('/wecom/callback?echostr=hi');
    expect(await res.text()).toBe('echo hi');
  });

  it('extra middleware runs before every route', async () => {
    const seen: string[] = [];
    const app = createApp({ db, redis, middleware: [async (c, next) => { seen.push(c.req.path); await next(); }] });
    await app.request('/healthz');
    expect(seen).toEqual(['/healthz']);
  });
});

describe('platform callbacks are timed for /metrics', () => {
  it('a WeCom callback shows up in the webhook latency histogram with its status', async () => {
    const w = new Hono();
    w.post('/callback', (c) => c.text('', 401));
    const app = createApp({ db, redis, wecom: w, metrics: metricsHandler });
    await app.request('/wecom/callback', { method: 'POST', body: '<xml/>' });
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(/leadbot_webhook_latency_seconds_count\{platform="wecom",kind="callback",status="401"\} 1/);
  });
});
