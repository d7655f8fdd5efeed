import { expect } from 'vitest';
import { cardPlainText } from '../../src/cards/plainText.js';
import type { Card, CardButton } from '../../src/cards/model.js';
import { createBot } from '../../src/core/bot/createBot.js';
import type { ActionResponse, Bot, OutboundMessage, SenderProfile } from '../../src/core/bot/types.js';
import type { Db } from '../../src/db/client.js';

/** The people of the tests: user id → name as the platform's contact API would tell. */
export const PEOPLE = {
  lilei: '李雷',
  hanmeimei: '韩梅梅',
  wang: '王经理',
  admin: '赵管理',
} as const;
export type Person = keyof typeof PEOPLE;

export const TENANT = 'tenant_test';
export const GROUP = 'oc_team_group';

/**
 * A chat with the real bot over a real database: people write messages and click buttons, the
 * clock moves only when a test moves it.
 */
export class Chat {
  now = new Date('2026-11-24T02:00:00.000Z'); // Tuesday 10:00 in Shanghai
  readonly bot: Bot;
  /** Every non-empty `changedLeads` the bot answered with, in order (what reschedules timers). */
  readonly changedLeads: string[][] = [];
  private seq = 0;

  constructor(
    readonly db: Db,
    readonly tenant: string = TENANT,
    opts: { dashboardUrl?: string } = {},
  ) {
    this.bot = createBot({
      db,
      now: () => this.now,
      adminIds: ['admin'],
      defaultRole: 'rep',
      ...(opts.dashboardUrl !== undefined ? { dashboardUrl: () => opts.dashboardUrl ?? '' } : {}),
    });
  }

  advance(minutes: number): void {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
  }

  profile(who: Person): () => Promise<SenderProfile> {
    return async () => ({ name: PEOPLE[who] });
  }

  /** One message; returns every outbound message, the sender's reply first. */
  async sayAll(who: Person, text: string, opts: { group?: boolean; messageId?: string } = {}): Promise<OutboundMessage[]> {
    const messageId = opts.messageId ?? `om_${++this.seq}`;
    const res = await this.bot.handleMessage(
      {
        platform: 'local',
        tenantKey: this.tenant,
        senderId: who,
        chatId: opts.group ? GROUP : `p2p_${who}`,
        chatType: opts.group ? 'group' : 'p2p',
        messageId,
        text,
        sentAt: this.now,
      },
      this.profile(who),
    );
    if (res.changedLeads.length > 0) this.changedLeads.push(res.changedLeads);
    return res.replies;
  }

  /** The reply to the sender (the message threaded under theirs). */
  async say(who: Person, text: string, opts: { group?: boolean; messageId?: string } = {}): Promise<OutboundMessage> {
    const replies = await this.sayAll(who, text, opts);
    const reply = replies.find((r) => r.to.kind === 'reply');
    expect(reply, `no reply to "${text}"`).toBeDefined();
    return reply as OutboundMessage;
  }

  async click(who: Person, card: Card | undefined, buttonText: string, form?: Record<string, unknown>, opts: { chatId?: string } = {}): Promise<ActionResponse> {
    const b = button(card, buttonText);
    const res = await this.bot.handleAction(
      {
        platform: 'local',
        tenantKey: this.tenant,
        userId: who,
        chatId: opts.chatId ?? `p2p_${who}`,
        messageId: `om_card_${++this.seq}`,
        action: b.action,
        value: b.value,
        ...(form ? { form } : {}),
      },
      this.profile(who),
    );
    if (res.changedLeads.length > 0) this.changedLeads.push(res.changedLeads);
    return res;
  }

  /** Everyone says hello once (so they exist), the admin makes 王经理 a manager and binds the group chat. */
  async setUpTeam(opts: { groupChat?: boolean } = {}): Promise<void> {
    for (const who of Object.keys(PEOPLE) as Person[]) await this.say(who, '帮助');
    await this.say('admin', '设为经理 @王经理');
    if (opts.groupChat ?? true) await this.say('admin', '设置群', { group: true });
  }
}

export function button(card: Card | undefined, buttonText: string): CardButton {
  const all = (card?.elements ?? []).flatMap((el) => (el.type === 'actions' ? el.buttons : el.type === 'form' ? [el.submit] : []));
  const b = all.find((x) => x.text === buttonText);
  if (!b) throw new Error(`no button "${buttonText}" on card: ${card ? cardPlainText(card) : '(no card)'}`);
  return b;
}

export function buttonTexts(card: Card | undefined): string[] {
  return (card?.elements ?? []).flatMap((el) => (el.type === 'actions' ? el.buttons.map((b) => b.text) : []));
}

/** What a reader sees on a card, or on an outbound message (its card's text, or its plain text). */
export function seen(msg: Card | { card?: Card | undefined; text?: string | undefined } | undefined): string {
  if (!msg) return '';
  if ('header' in msg) return cardPlainText(msg);
  return msg.card ? cardPlainText(msg.card) : (msg.text ?? '');
}

export function formValues(card: Card | undefined): Record<string, string> {
  const form = card?.elements.find((el) => el.type === 'form');
  if (form?.type !== 'form') throw new Error('card has no form');
  return Object.fromEntries(form.inputs.map((i) => [i.name, i.value ?? '']));
}
