import { Hono, type Context } from 'hono';
import { startFakeServer, eventually } from './http.js';

/**
 * Feishu's Open API as far as the bot uses it, on 127.0.0.1: tenant_access_token/internal,
 * bot info, im/v1/messages (create with uuid dedupe, reply, patch), contact users and
 * departments. The real SDK client talks to it over HTTP; tests read what arrived.
 */
export interface FakeUser {
  name: string;
  departmentIds?: string[];
  leaderOpenId?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

export interface SentMessage {
  messageId: string;
  /** 'create' (to a user or chat) or 'reply' (threaded under replyTo). */
  via: 'create' | 'reply';
  receiveIdType?: string;
  receiveId?: string;
  replyTo?: string;
  msgType: string;
  /** The parsed `content`: card JSON 2.0 for interactive messages, {text} for text. */
  content: Record<string, unknown>;
  uuid?: string;
}

export interface Patch {
  messageId: string;
  content: Record<string, unknown>;
}

export interface Failure {
  status: number;
  code?: number;
  msg?: string;
  headers?: Record<string, string>;
}

export interface FeishuFakeOptions {
  appId?: string;
  appSecret?: string;
  botOpenId?: string;
}

export async function startFeishuFake(opts: FeishuFakeOptions = {}) {
  const appId = opts.appId ?? 'cli_test_app';
  const appSecret = opts.appSecret ?? 'test-secret';
  const botOpenId = opts.botOpenId ?? 'ou_bot';
  const requests: RecordedRequest[] = [];
  const sent: SentMessage[] = [];
  const patches: Patch[] = [];
  const users = new Map<string, FakeUser>();
  const departments = new Map<string, string>();
  const tokens = new Set<string>();
  const byUuid = new Map<string, string>();
  const failures: { route: string | undefined; failure: Failure }[] = [];
  const bodies = new WeakMap<Request, unknown>();
  let seq = 0;

  const app = new Hono();

  app.use('*', async (c, next) => {
    const text = c.req.method === 'GET' ? '' : await c.req.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const url = new URL(c.req.url);
    bodies.set(c.req.raw, body);
    requests.push({ method: c.req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: c.req.header('authorization'), body });
    const i = failures.findIndex((f) => f.route === undefined || url.pathname.includes(f.route));
    if (i >= 0) {
      const failure = failures.splice(i, 1)[0]?.failure ?? { status: 500 };
      return new Response(JSON.stringify({ code: failure.code ?? failure.status, msg: failure.msg ?? 'injected failure' }), {
        status: failure.status,
        headers: { 'content-type': 'application/json', ...failure.headers },
      });
    }
    await next();
  });

  // The recording middleware above already read this request's body.
  const bodyOf = (c: Context): Record<string, unknown> => {
    const b = bodies.get(c.req.raw);
    return isRecord(b) ? b : {};
  };
  const authorized = (c: Context): boolean => tokens.has((c.req.header('authorization') ?? '').replace(/^Bearer /, ''));
  const unauthorized = (c: Context) => c.json({ code: 99991663, msg: 'Invalid access token for authorization.' }, 400);

  app.post('/open-apis/auth/v3/tenant_access_token/internal', (c) => {
    const b = bodyOf(c);
    if (b.app_id !== appId || b.app_secret !== appSecret) return c.json({ code: 10014, msg: 'app secret invalid' });
    const token = `t-${++seq}`;
    tokens.add(token);
    return c.json({ code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
  });

  app.get('/open-apis/bot/v3/info', (c) => {
    if (!authorized(c)) return unauthorized(c);
    return c.json({ code: 0, msg: 'ok', bot: { open_id: botOpenId, app_name: 'lead-bot', activate_status: 2 } });
  });

  const send = (c: Context, m: Omit<SentMessage, 'messageId'>) => {
    if (m.uuid && byUuid.has(m.uuid)) {
      // Same uuid within the hour: Feishu answers with the first message and posts nothing.
      return c.json({ code: 0, msg: 'success', data: { message_id: byUuid.get(m.uuid) } });
    }
    const messageId = `om_${++seq}`;
    if (m.uuid) byUuid.set(m.uuid, messageId);
    sent.push({ messageId, ...m });
    return c.json({ code: 0, msg: 'success', data: { message_id: messageId, msg_type: m.msgType, chat_id: m.receiveId } });
  };

  app.post('/open-apis/im/v1/messages', (c) => {
    if (!authorized(c)) return unauthorized(c);
    const b = bodyOf(c);
    return send(c, {
      via: 'create',
      receiveIdType: c.req.query('receive_id_type'),
      receiveId: String(b.receive_id),
      msgType: String(b.msg_type),
      content: parseContent(b.content),
      ...(typeof b.uuid === 'string' ? { uuid: b.uuid } : {}),
    });
  });

  app.post('/open-apis/im/v1/messages/:id/reply', (c) => {
    if (!authorized(c)) return unauthorized(c);
    const b = bodyOf(c);
    return send(c, {
      via: 'reply',
      replyTo: c.req.param('id'),
      msgType: String(b.msg_type),
      content: parseContent(b.content),
      ...(typeof b.uuid === 'string' ? { uuid: b.uuid } : {}),
    });
  });

  app.patch('/open-apis/im/v1/messages/:id', (c) => {
    if (!authorized(c)) return unauthorized(c);
    patches.push({ messageId: c.req.param('id'), content: parseContent(bodyOf(c).content) });
    return c.json({ code: 0, msg: 'success', data: {} });
  });

  app.get('/open-apis/contact/v3/users/:id', (c) => {
    if (!authorized(c)) return unauthorized(c);
    const id = c.req.param('id');
    const u = users.get(id);
    if (!u) return c.json({ code: 41050, msg: 'no user authority error' });
    return c.json({
      code: 0,
      msg: 'success',
      data: { user: { open_id: id, name: u.name, department_ids: u.departmentIds ?? [], leader_user_id: u.leaderOpenId } },
    });
  });

  app.get('/open-apis/contact/v3/departments/:id', (c) => {
    if (!authorized(c)) return unauthorized(c);
    const name = departments.get(c.req.param('id'));
    if (name === undefined) return c.json({ code: 40004, msg: 'no dept authority error' });
    return c.json({ code: 0, msg: 'success', data: { department: { name, open_department_id: c.req.param('id') } } });
  });

  const server = await startFakeServer(app.fetch);

  return {
    url: server.url,
    appId,
    appSecret,
    botOpenId,
    requests,
    sent,
    patches,
    addUser(openId: string, user: FakeUser): void {
      users.set(openId, user);
    },
    addDepartment(id: string, name: string): void {
      departments.set(id, name);
    },
    /** The next `times` requests (to paths containing `route`, if given) fail this way. */
    failNext(times: number, failure: Failure, route?: string): void {
      for (let i = 0; i < times; i++) failures.push({ route, failure });
    },
    /** Waits until `n` messages have been sent and returns them. */
    waitForSent(n: number, timeoutMs = 10_000): Promise<SentMessage[]> {
      return eventually(() => (sent.length >= n ? sent.slice() : undefined), timeoutMs, `${n} sent message(s)`);
    },
    close: () => server.close(),
  };
}

export type FeishuFake = Awaited<ReturnType<typeof startFeishuFake>>;

function parseContent(content: unknown): Record<string, unknown> {
  if (typeof content !== 'string') return {};
  try {
    const v: unknown = JSON.parse(content);
    return isRecord(v) ? v : {};
  } catch {
    return {};
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
