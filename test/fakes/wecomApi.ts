import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for WeCom's server API (qyapi.weixin.qq.com), enough for the adapter:
 * gettoken (tokens that expire), message/send, message/update_template_card, appchat/send,
 * user/get, department/get. It records every request and can answer with a given fault the
 * next N times a path is called (errcode 45009, an expired token, HTTP 5xx).
 */
export interface FakeUser {
  name: string;
  department?: number[];
  main_department?: number;
  direct_leader?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  /** What the fake answered: WeCom's errcode (0 = ok) or the HTTP status of a 5xx fault. */
  errcode?: number;
  status?: number;
}

export type Fault = { errcode: number; errmsg?: string } | { status: number } | 'expire-token';

export interface FakeWecomOptions {
  corpId: string;
  secret: string;
  /** Seconds a token lives, as gettoken reports it. */
  expiresIn?: number;
  users?: Record<string, FakeUser>;
  departments?: Record<number, string>;
}

export interface FakeWecom {
  url: string;
  requests: RecordedRequest[];
  /** Bodies of message/send calls that succeeded, in order. */
  sent(): Record<string, unknown>[];
  /** Bodies of message/update_template_card calls that succeeded, in order. */
  updates(): Record<string, unknown>[];
  /** Bodies of appchat/send calls that succeeded, in order. */
  chatSent(): Record<string, unknown>[];
  tokensIssued(): number;
  /** Every token issued so far stops working (WeCom answers 42001). */
  expireTokens(): void;
  /** The next `times` calls to `path` (e.g. "/cgi-bin/message/send") answer with `fault`. */
  failNext(path: string, times: number, fault: Fault): void;
  /** A response code as a card click would carry it, good for one update. */
  issueResponseCode(): string;
  close(): Promise<void>;
}

export async function startFakeWecom(opts: FakeWecomOptions): Promise<FakeWecom> {
  const requests: RecordedRequest[] = [];
  const valid = new Set<string>();
  const codes = new Set<string>();
  const faults = new Map<string, Fault[]>();
  let tokenSeq = 0;
  let msgSeq = 0;
  let codeSeq = 0;
  const users = opts.users ?? {};
  const departments = opts.departments ?? {};

  const newCode = () => {
    const code = `rc-${++codeSeq}`;
    codes.add(code);
    return code;
  };

  const json = (res: ServerResponse, status: number, body: { errcode: number } & Record<string, unknown>) => {
    const last = requests[requests.length - 1];
    if (last) Object.assign(last, { errcode: body.errcode, status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (chunks.length === 0) return undefined;
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(u.searchParams);
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    requests.push({ method: req.method ?? 'GET', path: u.pathname, query, body });

    const queued = faults.get(u.pathname);
    const fault = queued?.shift();
    if (fault !== undefined) {
      if (fault === 'expire-token') return json(res, 200, { errcode: 42001, errmsg: 'access_token expired' });
      if ('status' in fault) return json(res, fault.status, { errcode: -1, errmsg: 'fake server error' });
      return json(res, 200, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'fake fault' });
    }

    if (u.pathname === '/cgi-bin/gettoken') {
      if (query.corpid !== opts.corpId) return json(res, 200, { errcode: 40013, errmsg: 'invalid corpid' });
      if (query.corpsecret !== opts.secret) return json(res, 200, { errcode: 40001, errmsg: 'invalid credential' });
      const token = `tok-${++tokenSeq}`;
      valid.add(token);
      return json(res, 200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: opts.expiresIn ?? 7200 });
    }

    const token = query.access_token ?? '';
    if (!valid.has(token)) {
      return json(res, 200, token.startsWith('tok-') ? { errcode: 42001, errmsg: 'access_token expired' } : { errcode: 40014, errmsg: 'invalid access_token' });
    }

    switch (u.pathname) {
      case '/cgi-bin/message/send': {
        const touser = String(body?.touser ?? '');
        const ids = touser.split('|');
        const unknown = ids.filter((id) => !(id in users));
        // As WeCom does: every recipient unknown is an error, some unknown is a warning.
        if (unknown.length === ids.length) return json(res, 200, { errcode: 81013, errmsg: 'user & party & tag all invalid', invaliduser: touser });
        const out: { errcode: number } & Record<string, unknown> = { errcode: 0, errmsg: 'ok', msgid: `msg-${++msgSeq}` };
        if (unknown.length > 0) out.invaliduser = unknown.join('|');
        if (body?.msgtype === 'template_card') out.response_code = newCode();
        return json(res, 200, out);
      }
      case '/cgi-bin/message/update_template_card': {
        const code = String(body?.response_code ?? '');
        if (!codes.delete(code)) return json(res, 200, { errcode: 40058, errmsg: 'invalid response_code (used or unknown)' });
        return json(res, 200, { errcode: 0, errmsg: 'ok', invaliduser: [] });
      }
      case '/cgi-bin/appchat/send':
        return json(res, 200, { errcode: 0, errmsg: 'ok' });
      case '/cgi-bin/user/get': {
        const user = users[query.userid ?? ''];
        if (!user) return json(res, 200, { errcode: 60111, errmsg: 'userid not found' });
        return json(res, 200, { errcode: 0, errmsg: 'ok', userid: query.userid, ...user });
      }
      case '/cgi-bin/department/get': {
        const name = departments[Number(query.id)];
        if (name === undefined) return json(res, 200, { errcode: 60123, errmsg: 'invalid party id' });
        return json(res, 200, { errcode: 0, errmsg: 'ok', department: { id: Number(query.id), name } });
      }
      default:
        return json(res, 404, { errcode: 404, errmsg: `fake has no ${u.pathname}` });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { errcode: -1, errmsg: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const bodiesOf = (path: string) =>
    requests.filter((r) => r.path === path && r.errcode === 0 && r.body !== undefined).map((r) => r.body as Record<string, unknown>);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent: () => bodiesOf('/cgi-bin/message/send'),
    updates: () => bodiesOf('/cgi-bin/message/update_template_card'),
    chatSent: () => bodiesOf('/cgi-bin/appchat/send'),
    tokensIssued: () => tokenSeq,
    expireTokens: () => valid.clear(),
    failNext(path, times, fault) {
      faults.set(path, [...(faults.get(path) ?? []), ...Array.from({ length: times }, () => fault)]);
    },
    issueResponseCode: newCode,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
