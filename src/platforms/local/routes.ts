import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Pipeline } from '../../core/bot/pipeline.js';
import type { ActionResponse, IncomingAction, IncomingMessage, SenderProfile } from '../../core/bot/types.js';
import { log } from '../../log.js';
import type { PlaygroundStore } from './chat.js';
import type { LocalClient } from './client.js';
import { BOT_NAME, BOT_SENDER, DEMO_MEMBERS, DEMO_TEAM, LOCAL_TENANT, demoMember, dmChatId } from './demo.js';

export interface PlaygroundDeps {
  store: PlaygroundStore;
  client: LocalClient;
  /** The core's entry for clicks (core/bot/pipeline.ts). */
  pipeline: Pick<Pipeline, 'click'>;
  /** The durable inbound path every platform uses (recordInbound bound to db + queue). */
  record: (input: { platform: 'local'; eventKey: string; payload: IncomingMessage }) => Promise<{ status: 'stored' | 'duplicate' }>;
  now?: () => Date;
}

const STATIC: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'cards.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};
const staticDir = new URL('./static/', import.meta.url);

const postMessageSchema = z.object({ memberId: z.string().min(1), text: z.string().trim().min(1).max(2000) });
const actionSchema = z.object({
  memberId: z.string().min(1),
  messageId: z.string().min(1),
  action: z.string().min(1),
  value: z.record(z.string(), z.unknown()).default({}),
  form: z.record(z.string(), z.unknown()).optional(),
});
const sinceSchema = z.iso.datetime().optional();

/** Who may read or write a chat: a member their own DM; everyone the team's group chat. */
function mayUse(memberId: string, chatId: string): boolean {
  if (!demoMember(memberId)) return false;
  return chatId === DEMO_TEAM.groupChatId || chatId === dmChatId(memberId);
}

/**
 * The playground's web API and page, served at / when PLAYGROUND is on. Messages take the
 * same durable inbound path and card clicks the same click pipeline as Feishu's callbacks.
 */
export function playgroundRoutes(deps: PlaygroundDeps): Hono {
  const now = deps.now ?? (() => new Date());
  const app = new Hono();
  const bad = (c: Context, message: string, status: 400 | 403 | 404 = 400) => c.json({ error: message }, status);

  app.get('/', async (c) => c.html(await readFile(new URL('index.html', staticDir), 'utf8')));
  app.get('/playground/static/:file', async (c) => {
    const file = c.req.param('file');
    const type = STATIC[file];
    if (!type) return c.notFound();
    return c.body(await readFile(new URL(file, staticDir), 'utf8'), 200, { 'content-type': type, 'cache-control': 'no-cache' });
  });

  app.get('/playground/api/members', (c) =>
    c.json({
      bot: { id: BOT_SENDER, name: BOT_NAME },
      team: { name: DEMO_TEAM.name, groupChatId: DEMO_TEAM.groupChatId },
      members: DEMO_MEMBERS.map((m) => ({ ...m, dmChatId: dmChatId(m.id) })),
    }),
  );

  app.get('/playground/api/chats/:chatId/messages', async (c) => {
    const chatId = c.req.param('chatId');
    const memberId = c.req.query('memberId') ?? '';
    if (!mayUse(memberId, chatId)) return bad(c, 'not your chat', 403);
    const since = sinceSchema.safeParse(c.req.query('since'));
    if (!since.success) return bad(c, 'since must be an ISO date-time');
    // Asked slightly before the last answer: a row written just before it with an older stamp is not missed.
    const from = since.data ? new Date(new Date(since.data).getTime() - 5_000) : undefined;
    const serverTime = now().toISOString();
    return c.json({ messages: await deps.store.listChat(chatId, from), serverTime });
  });

  app.post('/playground/api/chats/:chatId/messages', async (c) => {
    const chatId = c.req.param('chatId');
    const body = postMessageSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return bad(c, body.error.issues[0]?.message ?? 'invalid body');
    if (!mayUse(body.data.memberId, chatId)) return bad(c, 'not your chat', 403);
    const entry = await deps.store.appendUserMessage({ chatId, senderId: body.data.memberId, text: body.data.text });
    const payload: IncomingMessage = {
      platform: 'local',
      tenantKey: LOCAL_TENANT,
      senderId: body.data.memberId,
      chatId,
      chatType: chatId === DEMO_TEAM.groupChatId ? 'group' : 'p2p',
      messageId: entry.id,
      text: body.data.text,
      sentAt: new Date(entry.createdAt),
    };
    await deps.record({ platform: 'local', eventKey: entry.id, payload });
    return c.json({ message: entry });
  });

  app.post('/playground/api/actions', async (c) => {
    const body = actionSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return bad(c, body.error.issues[0]?.message ?? 'invalid body');
    const { memberId, messageId } = body.data;
    const message = await deps.store.find(messageId);
    if (!message) return bad(c, 'no such message', 404);
    if (!mayUse(memberId, message.chatId)) return bad(c, 'not your chat', 403);
    const action: IncomingAction = {
      platform: 'local',
      tenantKey: LOCAL_TENANT,
      userId: memberId,
      chatId: message.chatId,
      chatType: message.chatId === DEMO_TEAM.groupChatId ? 'group' : 'p2p',
      messageId,
      action: body.data.action,
      value: body.data.value,
    };
    if (body.data.form) action.form = body.data.form;
    const lookupProfile = (): Promise<SenderProfile> => deps.client.getUserProfile(LOCAL_TENANT, memberId);
    try {
      const outcome = await deps.pipeline.click(
        { action, lookupProfile },
        {
          // As on Feishu, the answer replaces the clicked card for everyone who sees it.
          present: async (res) => {
            if (res.card) await deps.store.updateCard(messageId, res.card);
          },
        },
      );
      // No budget here, so a click is always answered; a duplicate cannot happen without a dedupe key.
      const res: Partial<ActionResponse> = outcome.status === 'answered' ? outcome.response : {};
      return c.json({ card: res.card ?? null, toast: res.toast ?? null });
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), action: action.action }, 'playground card action failed');
      // The page words the failure; the server only says what happened.
      return c.json({ error: 'action_failed' }, 500);
    }
  });

  return app;
}
