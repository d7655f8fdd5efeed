import { Hono } from 'hono';
import type { FeishuWebhook } from '../platforms/feishu/webhook.js';
import type { AppEnv } from './env.js';
import { rawBody } from './middleware/rawBody.js';

/** /feishu/events and /feishu/cards: bytes in, the adapter's verdict out. */
export function feishuRoutes(webhook: FeishuWebhook): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', rawBody());
  app.post('/events', async (c) => {
    const reply = await webhook.events(c.get('rawBody'), (name) => c.req.header(name));
    return c.json(reply.body, reply.status);
  });
  app.post('/cards', async (c) => {
    const reply = await webhook.cards(c.get('rawBody'), (name) => c.req.header(name));
    return c.json(reply.body, reply.status);
  });
  return app;
}
