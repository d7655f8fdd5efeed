import { createHash } from 'node:crypto';
import { setTeamGroupChat } from '../../src/core/org/admin.js';
import type { FetchApp } from '../../src/http/app.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecomApi.js';
import { WecomDriver as WecomCallbacks } from '../platforms/wecom/driver.js';
import { EVERYONE, TEAM, TEAM_DEPARTMENT, type Audience, type ClickOptions, type ClickResult, type Person, type PlatformDriver, type ScenarioEnv, type SeenCard } from './driver.js';
import { startStack, type Stack } from './stack.js';
import { seeWecomCard, seeWecomMarkdown, type WecomSeen } from './wecomSeen.js';
import { startWecomTap, type WecomTap } from './wecomTap.js';

const AGENT_ID = '1000005';
const SECRET = 'scenario-secret';
const TOKEN = 'scenarioToken';
const AES_KEY = 'ScenarioAesKey0123456789abcdefghijklmnopqrs';
const DEPARTMENT = 2;
// The card update on a click is what these scenarios read; a slow CI machine must not push it
// past the answer budget (that path has its own tests in test/platforms/wecom).
const ANSWER_WITHIN_MS = 15_000;

const USER_ID: Record<Person, string> = {
  王小明: 'WangXiaoMing',
  李娜: 'LiNa',
  陈晨: 'ChenChen',
  张经理: 'ZhangJingLi',
  刘主管: 'LiuZhuGuan',
  周总: 'ZhouZong',
};
const personOf = (userId: string): Person | undefined => EVERYONE.find((p) => USER_ID[p] === userId);

/** One message as a member's WeCom (or the team's app chat) shows it now: the sent card with every later update applied. */
interface Shown {
  to: Audience;
  kind: 'card' | 'markdown' | 'text';
  /** Index of the message/send call: the message's identity. */
  sent: number;
  seen: WecomSeen;
  text: string;
}

/**
 * WeCom: messages and template_card_event clicks to /wecom/callback, signed and encrypted by C2's
 * conversation driver (test/platforms/wecom/driver.ts), over HTTP to the running app; what members
 * see is read from the calls the app made to the fake WeCom API, through a tap that also keeps
 * WeCom's answers (the response_code each sent card can be updated with).
 *
 * A self-built app hears only its one-to-one chats and cannot post template cards into an app
 * group chat, so by default the team has no group chat here: ruling cards go to each manager
 * privately. With `teamChat`, the admin has bound an app group chat (appchat, made through the
 * API, so bound by the org admin function rather than a chat command): it reads markdown only.
 */
export interface WecomDriverOptions {
  /** The corp: a second driver needs its own, as each corp is one org in the shared database. */
  corpId?: string;
  /** The chatid of an app group chat bound to the team. */
  teamChat?: string;
}

export class WecomDriver implements PlatformDriver {
  readonly platform = 'wecom';
  readonly tenantKey: string;
  readonly hasTeamChat: boolean;
  readonly teamChatClickable = false;
  private readonly teamChat: string | undefined;
  private env!: ScenarioEnv;
  private fake!: FakeWecom;
  private tap!: WecomTap;
  private stack!: Stack;
  private callbacks!: WecomCallbacks;
  /** Response codes handed out with clicks → the message/send call of the clicked card. */
  private readonly clickCodes = new Map<string, number>();
  private readonly lastSaid = new Map<Person, string>();
  private readonly shown = new WeakMap<SeenCard, Shown>();
  /** MsgIds of this corp's messages: the inbound store keeps one event per MsgId, whatever the corp. */
  private msgSeq: bigint;

  constructor(opts: WecomDriverOptions = {}) {
    this.tenantKey = opts.corpId ?? 'ww_scenarios';
    this.teamChat = opts.teamChat;
    this.hasTeamChat = opts.teamChat !== undefined;
    this.msgSeq = 7_000_000_000_000_000n + BigInt(parseInt(createHash('sha256').update(this.tenantKey).digest('hex').slice(0, 8), 16)) * 100_000n;
  }

  async start(env: ScenarioEnv): Promise<void> {
    const corpId = this.tenantKey;
    this.env = env;
    const users = Object.fromEntries(
      EVERYONE.map((p) => [USER_ID[p], { name: p, department: [DEPARTMENT], main_department: DEPARTMENT, direct_leader: [USER_ID.张经理] }]),
    );
    this.fake = await startFakeWecom({ corpId, secret: SECRET, users, departments: { [DEPARTMENT]: TEAM_DEPARTMENT } });
    this.tap = await startWecomTap(this.fake.url);
    this.stack = await startStack({
      db: env.db,
      clock: env.clock,
      platform: 'wecom',
      env: {
        WECOM_CORP_ID: corpId,
        WECOM_AGENT_ID: AGENT_ID,
        WECOM_SECRET: SECRET,
        WECOM_TOKEN: TOKEN,
        WECOM_AES_KEY: AES_KEY,
        // Through the tap, which tells which card a response code came with.
        WECOM_BASE_URL: this.tap.url,
        ADMIN_USER_IDS: USER_ID.周总,
      },
      answerWithinMs: ANSWER_WITHIN_MS,
    });
    const client = this.stack.clients.wecom;
    if (!client) throw new Error('WeCom is configured, the stack has its client');
    // C2's driver builds the callbacks; they travel to the app over a real socket.
    const url = this.stack.url;
    const overHttp: FetchApp = {
      fetch: async (req) => {
        const u = new URL(req.url);
        const body = req.method === 'POST' ? await req.text() : undefined;
        return fetch(`${url}${u.pathname}${u.search}`, { method: req.method, headers: req.headers, ...(body !== undefined ? { body } : {}) });
      },
    };
    this.callbacks = new WecomCallbacks({
      db: env.db,
      pipeline: this.stack.pipeline,
      client,
      fake: this.fake,
      app: overHttp,
      corpId,
      token: TOKEN,
      aesKey: AES_KEY,
      agentId: AGENT_ID,
      now: env.clock.now,
    });
  }

  /** WeCom has no chat command for this: the admin binds the app chat through the org's admin function. */
  async bindTeamChat(): Promise<void> {
    if (!this.teamChat) throw new Error('this WeCom team has no app chat');
    const admin = await this.env.db.member.findFirstOrThrow({ where: { platformUserId: USER_ID.周总, org: { platform: 'wecom', tenantKey: this.tenantKey } } });
    if (!admin.teamId) throw new Error('the admin has no team');
    const r = await setTeamGroupChat(this.env.db, { actorId: admin.id, teamId: admin.teamId, groupChatId: this.teamChat }, this.env.clock.now());
    if (!r.ok) throw new Error(`binding the app chat refused: ${r.reason}`);
  }

  async stop(): Promise<void> {
    await this.stack?.stop();
    await this.tap?.close();
    await this.fake?.close();
  }

  private async post(xml: string): Promise<void> {
    const res = await this.callbacks.post(xml);
    if (res.status !== 200) throw new Error(`/wecom/callback answered ${res.status}: ${await res.text()}\n${this.stack.takeErrors().join('\n')}`);
  }

  async say(user: Person, text: string, opts: { chat?: 'p2p' | 'group' } = {}): Promise<void> {
    if (opts.chat === 'group') throw new Error('a WeCom self-built app receives no group chat messages');
    this.env.clock.advance(60_000);
    this.lastSaid.set(user, text);
    await this.post(this.callbacks.textXml(USER_ID[user], text, String(++this.msgSeq)));
    await this.waitForDelivery();
  }

  async click(user: Person, card: SeenCard, button: string, opts: ClickOptions = {}): Promise<ClickResult> {
    const shown = this.shown.get(card);
    if (!shown) throw new Error('not a card this driver showed');
    const b = shown.seen.buttonsOf.find((x) => x.text === button);
    const taskId = shown.seen.taskId;
    if (!b || !taskId) throw new Error(`no button "${button}" on card:\n${card.text}`);
    const selected: Record<string, string> = {};
    if (opts.item !== undefined) {
      const option = shown.seen.selection?.options.find((o) => o.text === opts.item);
      // A list of one has no dropdown: its single button is the item's.
      if (option && shown.seen.selection) selected[shown.seen.selection.questionKey] = option.id;
      else if (!card.text.includes(opts.item)) throw new Error(`no item "${opts.item}" on card:\n${card.text}`);
    }
    const code = this.fake.issueResponseCode();
    this.clickCodes.set(code, shown.sent);
    const before = this.tap.calls.length;
    this.env.clock.advance(60_000);
    await this.post(this.callbacks.clickXml(USER_ID[user], b.key, taskId, code, selected));
    await this.waitForDelivery();
    const after = this.tap.calls.slice(before);
    // WeCom has no toast: the adapter sends it as a text.
    const toasts = after.filter((c) => c.path === '/cgi-bin/message/send' && c.body.touser === USER_ID[user] && c.body.msgtype === 'text');
    const update = after.find((c) => c.path === '/cgi-bin/message/update_template_card' && c.body.response_code === code && c.answer.errcode === 0);
    let seenCard: SeenCard | null = null;
    if (update) {
      const seen = seeWecomCard(record(update.body.template_card));
      seenCard = this.present({ ...shown, seen, text: seen.text });
    }
    return { toast: toasts.length > 0 ? toasts.map((c) => String(record(c.body.text).content ?? '')).join('\n') : null, card: seenCard };
  }

  async submitForm(user: Person, card: SeenCard, values: Record<string, string>): Promise<void> {
    const said = this.lastSaid.get(user);
    const prompt = this.textsTo(user).at(-1) ?? '';
    // The adapter's documented fallback (wecom/texts.ts): the card cannot take typing, so it asks for the message again.
    if (!said || !prompt.includes('重新发送')) throw new Error(`no resend prompt after the form card:\n${card.text}`);
    await this.say(user, `${said} ${Object.values(values).join(' ')}`);
  }

  /** Every message members received, each as it looks after the updates made to it. */
  private screen(): Shown[] {
    const out: Shown[] = [];
    const bySend = new Map<number, Shown>();
    const sendCodes = new Map<string, number>();
    this.tap.calls.forEach((c, i) => {
      if (c.answer.errcode !== 0) return;
      if (c.path === '/cgi-bin/appchat/send' && this.teamChat !== undefined && c.body.chatid === this.teamChat) {
        const seen = seeWecomMarkdown(String(record(c.body.markdown).content ?? record(c.body.text).content ?? ''));
        out.push({ to: TEAM, kind: 'markdown', sent: i, seen, text: seen.text });
      }
      if (c.path === '/cgi-bin/message/send') {
        const to = personOf(String(c.body.touser ?? ''));
        if (!to) return;
        const seen =
          c.body.msgtype === 'template_card'
            ? seeWecomCard(record(c.body.template_card))
            : seeWecomMarkdown(String(record(c.body.markdown).content ?? record(c.body.text).content ?? ''));
        const kind = c.body.msgtype === 'template_card' ? 'card' : c.body.msgtype === 'markdown' ? 'markdown' : 'text';
        const shown: Shown = { to, kind, sent: i, seen, text: seen.text };
        out.push(shown);
        bySend.set(i, shown);
        if (typeof c.answer.response_code === 'string') sendCodes.set(c.answer.response_code, i);
      }
      if (c.path === '/cgi-bin/message/update_template_card') {
        const code = String(c.body.response_code ?? '');
        const target = bySend.get(sendCodes.get(code) ?? this.clickCodes.get(code) ?? -1);
        if (target) {
          target.seen = seeWecomCard(record(c.body.template_card));
          target.text = target.seen.text;
        }
      }
    });
    return out;
  }

  private present(s: Shown): SeenCard {
    const card: SeenCard = { title: s.seen.title, text: s.seen.text, buttons: s.seen.buttons, items: s.seen.items };
    this.shown.set(card, s);
    return card;
  }

  cardsTo(who: Audience): SeenCard[] {
    return this.screen()
      .filter((s) => s.to === who && s.kind !== 'text')
      .map((s) => this.present(s));
  }

  lastCardTo(who: Audience): SeenCard {
    const card = this.cardsTo(who).at(-1);
    if (!card) throw new Error(`${who} has seen no card`);
    return card;
  }

  textsTo(who: Person): string[] {
    return this.screen()
      .filter((s) => s.to === who && s.kind === 'text')
      .map((s) => s.text);
  }

  waitForDelivery(): Promise<void> {
    return this.stack.waitForDelivery();
  }

  async sweep(): Promise<void> {
    await this.stack.jobs.sweep(this.env.clock.now());
    await this.waitForDelivery();
  }
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
}
