import { startFeishuFake, type FeishuFake, type SentMessage } from '../fakes/feishuApi.js';
import { buildCallback, cardActionEvent, messageEvent } from '../fakes/feishuCallbacks.js';
import { EVERYONE, TEAM, TEAM_DEPARTMENT, type Audience, type ClickOptions, type ClickResult, type Person, type PlatformDriver, type ScenarioEnv, type SeenCard } from './driver.js';
import { seeFeishuCard, type FeishuSeen } from './feishuSeen.js';
import { startStack, type Stack } from './stack.js';

const TOKEN = 'scenario-verification-token';
const ENCRYPT_KEY = 'scenario-encrypt-key';
const TENANT = 'tenant_scenarios';
const TEAM_CHAT = 'oc_team_sales1';
const DEPARTMENT = 'od_sales1';
// The inline answer is what these scenarios read; past-the-budget answers have their own tests
// (test/http/cardBudget.test.ts), so a slow CI machine must not turn one into a late patch here.
const ANSWER_WITHIN_MS = 15_000;

const OPEN_ID: Record<Person, string> = {
  王小明: 'ou_wangxm',
  李娜: 'ou_lina',
  陈晨: 'ou_chenc',
  张经理: 'ou_zhangjl',
  刘主管: 'ou_liuzg',
  周总: 'ou_zhouz',
};
const p2pChat = (p: Person): string => `oc_p2p_${OPEN_ID[p]}`;
const personOf = (openId: string): Person | undefined => EVERYONE.find((p) => OPEN_ID[p] === openId);

/** Which conversation a message is in: a person's direct chat with the bot, or the team chat. */
type Conversation = Audience;

/**
 * Feishu: events to /feishu/events and clicks to /feishu/cards, encrypted and signed as Feishu
 * does (test/fakes/feishuCallbacks.ts); cards read back from the fake Open API, with the card
 * that answered a click inline and every later patch applied in order.
 */
export class FeishuDriver implements PlatformDriver {
  readonly platform = 'feishu';
  readonly tenantKey = TENANT;
  readonly hasTeamChat = true;
  readonly teamChatClickable = true;
  private env!: ScenarioEnv;
  private fake!: FeishuFake;
  private stack!: Stack;
  private seq = 0;
  private readonly where = new Map<string, Conversation>();
  /** Card replacements in the order people saw them: inline click answers and API patches. */
  private readonly replaced: { messageId: string; content: Record<string, unknown> }[] = [];
  private patchesSeen = 0;
  private readonly shown = new WeakMap<SeenCard, { messageId: string; conversation: Conversation; seen: FeishuSeen }>();

  async start(env: ScenarioEnv): Promise<void> {
    this.env = env;
    this.fake = await startFeishuFake();
    this.fake.addDepartment(DEPARTMENT, TEAM_DEPARTMENT);
    for (const p of EVERYONE) this.fake.addUser(OPEN_ID[p], { name: p, departmentIds: [DEPARTMENT], leaderOpenId: OPEN_ID.张经理 });
    this.stack = await startStack({
      db: env.db,
      clock: env.clock,
      platform: 'feishu',
      env: {
        FEISHU_APP_ID: this.fake.appId,
        FEISHU_APP_SECRET: this.fake.appSecret,
        FEISHU_VERIFICATION_TOKEN: TOKEN,
        FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
        FEISHU_BASE_URL: this.fake.url,
        ADMIN_USER_IDS: OPEN_ID.周总,
      },
      answerWithinMs: ANSWER_WITHIN_MS,
    });
  }

  async stop(): Promise<void> {
    await this.stack?.stop();
    await this.fake?.close();
  }

  private async post(path: string, event: Record<string, unknown>): Promise<unknown> {
    const cb = buildCallback(event, { verificationToken: TOKEN, encryptKey: ENCRYPT_KEY }, { now: this.env.clock.now() });
    const res = await fetch(`${this.stack.url}${path}`, { method: 'POST', body: cb.body, headers: cb.headers });
    const body: unknown = await res.json();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}\n${this.stack.takeErrors().join('\n')}`);
    return body;
  }

  /** 设置群, said by the admin in the team chat. */
  bindTeamChat(): Promise<void> {
    return this.say('周总', '设置群', { chat: 'group' });
  }

  async say(user: Person, text: string, opts: { chat?: 'p2p' | 'group' } = {}): Promise<void> {
    this.env.clock.advance(60_000);
    const group = opts.chat === 'group';
    const messageId = `om_in_${++this.seq}`;
    this.where.set(messageId, group ? TEAM : user);
    const event = messageEvent({
      token: TOKEN,
      tenantKey: TENANT,
      senderOpenId: OPEN_ID[user],
      messageId,
      chatId: group ? TEAM_CHAT : p2pChat(user),
      chatType: group ? 'group' : 'p2p',
      // In a group the bot hears only what @-mentions it.
      text: group ? `@_user_1 ${text}` : text,
      ...(group ? { mentions: [{ key: '@_user_1', openId: this.fake.botOpenId, name: '线索助手' }] } : {}),
      sentAt: this.env.clock.now(),
    });
    await this.post('/feishu/events', event);
    await this.waitForDelivery();
  }

  async click(user: Person, card: SeenCard, button: string, opts: ClickOptions = {}): Promise<ClickResult> {
    const shown = this.shown.get(card);
    if (!shown) throw new Error('not a card this driver showed');
    const b = shown.seen.buttonsOf.find((x) => x.text === button && (opts.item === undefined || x.item === opts.item));
    if (!b) throw new Error(`no button "${button}"${opts.item ? ` for ${opts.item}` : ''} on card:\n${card.text}`);
    this.env.clock.advance(60_000);
    const event = cardActionEvent({
      token: TOKEN,
      tenantKey: TENANT,
      operatorOpenId: OPEN_ID[user],
      value: b.value,
      messageId: shown.messageId,
      chatId: shown.conversation === TEAM ? TEAM_CHAT : p2pChat(shown.conversation),
      ...(opts.form ? { formValue: opts.form } : {}),
    });
    const answer = await this.post('/feishu/cards', event);
    this.takePatches();
    const toast = read(answer, 'toast', 'content');
    const data = read(answer, 'card', 'data');
    // Feishu shows the answer's card in place of the clicked one, for everyone in the chat.
    if (isRecord(data)) this.replaced.push({ messageId: shown.messageId, content: data });
    await this.waitForDelivery();
    return {
      toast: typeof toast === 'string' ? toast : null,
      card: isRecord(data) ? this.show(shown.messageId, shown.conversation, data) : null,
    };
  }

  async submitForm(user: Person, card: SeenCard, values: Record<string, string>): Promise<void> {
    const shown = this.shown.get(card);
    const submit = shown?.seen.buttonsOf.find((b) => b.submit);
    if (!shown || !submit) throw new Error(`no form on card:\n${card.text}`);
    await this.click(user, card, submit.text, { form: { ...shown.seen.form, ...values } });
  }

  private conversationOf(m: SentMessage): Conversation | undefined {
    if (m.via === 'reply') return m.replyTo ? this.where.get(m.replyTo) : undefined;
    if (m.receiveIdType === 'chat_id') return m.receiveId === TEAM_CHAT ? TEAM : EVERYONE.find((p) => p2pChat(p) === m.receiveId);
    return personOf(m.receiveId ?? '');
  }

  private takePatches(): void {
    for (const p of this.fake.patches.slice(this.patchesSeen)) this.replaced.push(p);
    this.patchesSeen = this.fake.patches.length;
  }

  private show(messageId: string, conversation: Conversation, content: Record<string, unknown>): SeenCard {
    const seen = seeFeishuCard(content);
    const card: SeenCard = { title: seen.title, text: seen.text, buttons: seen.buttons, items: seen.items };
    this.shown.set(card, { messageId, conversation, seen });
    return card;
  }

  cardsTo(who: Audience): SeenCard[] {
    this.takePatches();
    return this.fake.sent
      .filter((m) => m.msgType === 'interactive' && this.conversationOf(m) === who)
      .map((m) => {
        const latest = this.replaced.filter((r) => r.messageId === m.messageId).at(-1)?.content ?? m.content;
        return this.show(m.messageId, who, latest);
      });
  }

  lastCardTo(who: Audience): SeenCard {
    const card = this.cardsTo(who).at(-1);
    if (!card) throw new Error(`${who} has seen no card`);
    return card;
  }

  textsTo(who: Person): string[] {
    return this.fake.sent.filter((m) => m.msgType === 'text' && this.conversationOf(m) === who).map((m) => String(m.content.text ?? ''));
  }

  waitForDelivery(): Promise<void> {
    return this.stack.waitForDelivery();
  }

  async sweep(): Promise<void> {
    await this.stack.jobs.sweep(this.env.clock.now());
    await this.waitForDelivery();
  }
}

function read(v: unknown, ...path: string[]): unknown {
  let at = v;
  for (const k of path) at = isRecord(at) ? at[k] : undefined;
  return at;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
