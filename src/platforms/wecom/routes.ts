import { Hono } from 'hono';
import { log } from '../../log.js';
import { createWecomWebhook, type WecomReply, type WecomWebhookDeps } from './webhook.js';

/**
 * The WeCom callback URL, mounted at /wecom: `GET /callback` answers WeCom's URL check with
 * the decrypted echostr; `POST /callback` takes the encrypted XML. A success is a plain-text
 * 200 (empty for POST: no passive reply, everything goes out through the API); a refusal is
 * JSON with a reason, so a misconfigured token or corp id is easy to spot in logs.
 */
export type WecomRoutesDeps = WecomWebhookDeps;

export function wecomRoutes(deps: WecomRoutesDeps): Hono {
  const webhook = createWecomWebhook(deps);
  const app = new Hono();
  const reply = (r: WecomReply) =>
    r.status === 200
      ? new Response(r.text, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } })
      : Response.json({ error: r.error, message: r.message }, { status: r.status });

  // Nothing was acknowledged (the database was unreachable, say): a 500 makes WeCom retry.
  app.onError((err) => {
    log.error({ err: err.message, stack: err.stack }, 'wecom callback failed');
    return Response.json({ error: 'internal', message: 'internal error' }, { status: 500 });
  });
  app.get('/callback', (c) => reply(webhook.verifyUrl((name) => c.req.query(name))));
  app.post('/callback', async (c) => reply(await webhook.callback((name) => c.req.query(name), await c.req.text())));
  return app;
}
