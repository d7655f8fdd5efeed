import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { dashboardTexts } from '../../cards/pageTexts.js';
import { figure, isFigure } from '../../core/dashboard/figures.js';
import { everyLead, listLeads } from '../../core/dashboard/lists.js';
import { askQuestion, type QuestionRefusal } from '../../core/dashboard/question.js';
import { scopeOf } from '../../core/dashboard/filters.js';
import { consumeLink, endSession, sessionMember, type SessionMember } from '../../core/dashboard/signIn.js';
import type { Db } from '../../db/client.js';
import { csvStream } from './csv.js';
import { filterChoices } from './choices.js';

/**
 * The 看板 at /dashboard: the page, its scripts (ECharts from the echarts package, served here:
 * no CDN, it opens inside Feishu's and WeCom's in-app browsers), and its JSON API. Every API
 * call but sign-in needs the session cookie; scopes are decided on the server from the member.
 */
export interface DashboardDeps {
  db: Db;
  now?: () => Date;
}

export const SESSION_COOKIE = 'dash_session';
const staticDir = new URL('./static/', import.meta.url);
const STATIC: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'charts.js': 'text/javascript; charset=utf-8', 'style.css': 'text/css; charset=utf-8' };

let echarts: Buffer | undefined;
async function echartsGzip(): Promise<Buffer> {
  echarts ??= gzipSync(await readFile(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js')));
  return echarts;
}

const signInSchema = z.object({ token: z.string().min(20).max(200) });
const pageSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) });

export type DashboardEnv = { Variables: { member: SessionMember } };
type Env = DashboardEnv;

export function dashboardRoutes(deps: DashboardDeps): Hono<Env> {
  const now = deps.now ?? (() => new Date());
  const { raw, texts } = dashboardTexts();
  const app = new Hono<Env>();
  const page = async (c: Context) => {
    const html = (await readFile(new URL('index.html', staticDir), 'utf8')).replace('"__TEXTS__"', raw.replace(/</g, '\\u003c'));
    // The sign-in link carries its token in the query: never pass it on as a referrer.
    return c.html(html, 200, { 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
  };
  app.get('/', page);
  app.get('/signin', page);
  app.get('/static/echarts.min.js', async (c) => {
    const body = await echartsGzip();
    return c.body(new Uint8Array(body), 200, { 'content-type': 'text/javascript; charset=utf-8', 'content-encoding': 'gzip', 'cache-control': 'public, max-age=86400' });
  });
  app.get('/static/:file', async (c) => {
    const type = STATIC[c.req.param('file')];
    if (!type) return c.notFound();
    return c.body(await readFile(new URL(c.req.param('file'), staticDir), 'utf8'), 200, { 'content-type': type, 'cache-control': 'no-cache' });
  });

  app.post('/api/signin', async (c) => {
    const body = signInSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'unknown', message: texts.errors.signed_out }, 400);
    const out = await consumeLink(deps.db, body.data.token, now());
    if (!out.ok) return c.json({ error: out.reason }, 401);
    setCookie(c, SESSION_COOKIE, out.session, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/dashboard',
      secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
      expires: out.expiresAt,
    });
    return c.json({ ok: true });
  });

  app.use('/api/*', async (c, next) => {
    if (c.req.path.endsWith('/api/signin')) return next();
    const cookie = getCookie(c, SESSION_COOKIE);
    const member = cookie ? await sessionMember(deps.db, cookie, now()) : null;
    if (!member) return c.json({ error: 'signed_out', message: texts.errors.signed_out }, 401);
    c.set('member', member);
    return next();
  });

  app.post('/api/signout', async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) await endSession(deps.db, cookie);
    deleteCookie(c, SESSION_COOKIE, { path: '/dashboard' });
    return c.json({ ok: true });
  });

  app.get('/api/me', async (c) => {
    const m = c.get('member');
    const scope = scopeOf(m);
    const [org, choices] = await Promise.all([deps.db.org.findUnique({ where: { id: m.orgId }, select: { timeZone: true } }), filterChoices(deps.db, scope)]);
    // Times on the page are the org's, wherever the phone is.
    return c.json({ name: m.name, role: m.role, scope: scope.kind, timeZone: org?.timeZone ?? 'Asia/Shanghai', choices });
  });

  const refused = (c: Context, r: QuestionRefusal) => {
    const message = (texts.errors[r.reason] ?? r.reason).replace('{{issues}}', 'issues' in r ? r.issues.join(', ') : '');
    return c.json({ error: r.reason, message }, r.reason === 'out_of_scope' ? 403 : 400);
  };

  app.get('/api/figures/:name', async (c) => {
    const name = c.req.param('name');
    if (!isFigure(name)) return c.json({ error: 'unknown_figure', message: texts.errors.unknown_figure }, 404);
    const q = await askQuestion(deps.db, c.get('member'), c.req.query(), now());
    if (!q.ok) return refused(c, q);
    return c.json(await figure(deps.db, q.question, name));
  });

  app.get('/api/leads', async (c) => {
    const m = c.get('member');
    const q = await askQuestion(deps.db, m, c.req.query(), now());
    if (!q.ok) return refused(c, q);
    const pageOf = pageSchema.safeParse(c.req.query());
    if (!pageOf.success) return refused(c, { ok: false, reason: 'bad_filters', issues: ['limit', 'offset'] });
    return c.json(await listLeads(deps.db, m, q.question, pageOf.data));
  });

  app.get('/api/leads.csv', async (c) => {
    const m = c.get('member');
    const q = await askQuestion(deps.db, m, c.req.query(), now());
    if (!q.ok) return refused(c, q);
    const name = `leads-${q.question.period.from}-${q.question.period.to}.csv`;
    return c.body(csvStream(everyLead(deps.db, m, q.question), texts, q.question.timeZone), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
