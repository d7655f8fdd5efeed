import type { Db } from '../../src/db/client.js';

/**
 * One conversation scenario suite for every chat platform (issues 4 and 6): a scenario speaks
 * of people, messages, cards and buttons; a PlatformDriver turns that into the platform's
 * signed, encrypted callbacks over HTTP to the real app, and reads what people see back from
 * the platform's fake Open API.
 */

/** The team every scenario plays in: who they are on the (fake) contact API. */
export const PEOPLE = {
  王小明: { role: 'rep' },
  李娜: { role: 'rep' },
  陈晨: { role: 'rep' },
  张经理: { role: 'manager' },
  刘主管: { role: 'manager' },
  周总: { role: 'admin' },
} as const;
export type Person = keyof typeof PEOPLE;
export const EVERYONE = Object.keys(PEOPLE) as Person[];
export const TEAM_DEPARTMENT = '销售一部';

/** The team's own group chat (where it has one): rulings are posted there, or summarised where its cards cannot be clicked. */
export const TEAM = 'team';
export type Audience = Person | typeof TEAM;

/** A card as its reader sees it. */
export interface SeenCard {
  title: string;
  /** Every line written on the card (title, subtitle, body, fields, notes), as plain text. */
  text: string;
  /** Button labels, in order. */
  buttons: string[];
  /** The items a list card offers to pick from (a pool listing: the customers' names). */
  items: string[];
}

/** What the one who clicked sees at once: a toast (WeCom: a text) and/or the card as replaced. */
export interface ClickResult {
  toast: string | null;
  card: SeenCard | null;
}

export interface ClickOptions {
  /** On a list card: which item's button (by the name the list shows). */
  item?: string;
  /** Form values by input name (a Feishu form submit). */
  form?: Record<string, string>;
}

/** A clock the tests move; every part of the app reads it. */
export class Clock {
  constructor(public at: Date) {}
  readonly now = (): Date => this.at;
  advance(ms: number): Date {
    this.at = new Date(this.at.getTime() + ms);
    return this.at;
  }
}

export interface ScenarioEnv {
  db: Db;
  clock: Clock;
}

export interface PlatformDriver {
  readonly platform: 'feishu' | 'wecom';
  /** The platform's tenant (Feishu tenant_key, WeCom corp id): one org per driver in the shared database. */
  readonly tenantKey: string;
  /**
   * Whether the team has a group chat for its ruling cards. Without one (WeCom: a self-built
   * app hears no group chats), the card goes to every manager privately.
   */
  readonly hasTeamChat: boolean;
  /**
   * Whether cards in that group chat can be clicked. WeCom's app group chat takes markdown only:
   * it shows a summary, and every manager rules on a private copy.
   */
  readonly teamChatClickable: boolean;
  /** The admin makes the team chat the team's (the way the platform allows); only when hasTeamChat. */
  bindTeamChat(): Promise<void>;
  /** The app (HTTP server, inbound worker, Outbox, bot) over the platform's fake, and the team set up through chat. */
  start(env: ScenarioEnv): Promise<void>;
  stop(): Promise<void>;
  /** A message as the platform delivers it; returns once everything it caused has been delivered. */
  say(user: Person, text: string, opts?: { chat?: 'p2p' | 'group' }): Promise<void>;
  /** A click on a card the user can see; returns once everything it caused has been delivered. */
  click(user: Person, card: SeenCard, button: string, opts?: ClickOptions): Promise<ClickResult>;
  /**
   * Completes a form card with these values, the way the platform allows: a Feishu form submit,
   * or on WeCom (cards take no typing) the original message sent again with the values added,
   * as the card's prompt asks.
   */
  submitForm(user: Person, card: SeenCard, values: Record<string, string>): Promise<void>;
  /** Every card someone received (or the team chat shows), oldest first, each as it looks now. */
  cardsTo(who: Audience): SeenCard[];
  lastCardTo(who: Audience): SeenCard;
  /** Plain texts someone received, oldest first. */
  textsTo(who: Person): string[];
  /** Drives the inbound worker and the Outbox until nothing is left to process or send. */
  waitForDelivery(): Promise<void>;
  /** Runs the jobs' sweep at the current clock (dispute reminders, lapses). */
  sweep(): Promise<void>;
}
