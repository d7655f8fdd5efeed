import { afterAll, beforeAll } from 'vitest';
import { setTeamPolicy } from '../../src/core/org/admin.js';
import type { Db } from '../../src/db/client.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { Clock, EVERYONE, TEAM, type Audience, type ClickOptions, type ClickResult, type Person, type PlatformDriver, type SeenCard } from './driver.js';
import { FeishuDriver } from './feishuDriver.js';
import { WecomDriver } from './wecomDriver.js';

/** The platforms every scenario runs on: `describe.each(PLATFORMS)('on $name', ({ make }) => …)`. */
export const PLATFORMS = [
  { name: 'feishu', make: (): PlatformDriver => new FeishuDriver() },
  { name: 'wecom', make: (): PlatformDriver => new WecomDriver() },
] as const;

/**
 * A team whose group chat shows cards but takes no clicks: WeCom with an app group chat
 * (appchat) bound to the team. Rulings reach the managers privately; the chat reads a summary.
 */
export const READ_ONLY_TEAM_CHATS = [
  { name: 'wecom with a team app chat', make: (): PlatformDriver => new WecomDriver({ corpId: 'ww_scenarios_appchat', teamChat: 'wr_team_sales1' }) },
] as const;

/** Tuesday 2026-11-24, 10:00 in Shanghai. */
const START = '2026-11-24T02:00:00.000Z';

/**
 * A scenario's view of the world: the people's chats through the driver, and the rows the
 * platform's org stored (both platforms share one database, each in its own org).
 */
export class Scenario {
  readonly clock = new Clock(new Date(START));

  constructor(
    readonly db: Db,
    readonly driver: PlatformDriver,
  ) {}

  say(user: Person, text: string, opts?: { chat?: 'p2p' | 'group' }): Promise<void> {
    return this.driver.say(user, text, opts);
  }

  click(user: Person, card: SeenCard, button: string, opts?: ClickOptions): Promise<ClickResult> {
    return this.driver.click(user, card, button, opts);
  }

  lastCardTo(who: Audience): SeenCard {
    return this.driver.lastCardTo(who);
  }

  /** The newest card someone sees whose title starts so. */
  cardTitled(who: Audience, title: string): SeenCard {
    const card = this.driver.cardsTo(who).filter((c) => c.title.startsWith(title)).at(-1);
    if (!card) throw new Error(`${who} has no card titled "${title}…"; they have: ${this.driver.cardsTo(who).map((c) => c.title).join(' / ')}`);
    return card;
  }

  /** Where a manager rules: the team chat, or their own chat when the team has none or its cards cannot be clicked. */
  rulingSeat(manager: Person): Audience {
    return this.driver.hasTeamChat && this.driver.teamChatClickable ? TEAM : manager;
  }

  /** Everyone says hello (the contact API tells who they are), the admin names the managers and binds the team chat. */
  async setUpTeam(): Promise<void> {
    for (const p of ['周总', ...EVERYONE.filter((x) => x !== '周总')] as Person[]) await this.say(p, '帮助');
    await this.say('周总', '设为经理 张经理');
    await this.say('周总', '设为经理 刘主管');
    if (this.driver.hasTeamChat) await this.driver.bindTeamChat();
  }

  /** Rows of this driver's org (`where` filter). */
  get inOrg() {
    return { org: { platform: this.driver.platform, tenantKey: this.driver.tenantKey } };
  }

  lead(phone: string) {
    return this.db.lead.findFirst({ where: { ...this.inOrg, phone }, include: { owner: true } });
  }

  leadNamed(name: string) {
    return this.db.lead.findFirstOrThrow({ where: { ...this.inOrg, name }, include: { owner: true }, orderBy: { registeredAt: 'desc' } });
  }

  /** The latest ruling or extension application on the customer with this phone. */
  dispute(phone: string) {
    return this.db.dispute.findFirstOrThrow({ where: { lead: { ...this.inOrg, phone } }, orderBy: { appliedAt: 'desc' } });
  }

  pendingDisputes(phone: string) {
    return this.db.dispute.count({ where: { status: 'pending', lead: { ...this.inOrg, phone } } });
  }

  member(who: Person) {
    return this.db.member.findFirstOrThrow({ where: { ...this.inOrg, name: who } });
  }

  audits(leadId: string) {
    return this.db.auditLog.findMany({ where: { leadId }, orderBy: { at: 'asc' } });
  }

  /** The team's policy, changed by the admin (src/core/org setTeamPolicy); null restores a default. */
  async setPolicy(policy: Record<string, Prisma.InputJsonValue | null>): Promise<void> {
    const admin = await this.member('周总');
    if (!admin.teamId) throw new Error('the admin has no team');
    const r = await setTeamPolicy(this.db, { actorId: admin.id, teamId: admin.teamId, policy }, this.clock.now());
    if (!r.ok) throw new Error(`policy refused: ${r.reason}`);
  }

  /** Time passes; the jobs' sweep runs at the new time and what it sends is delivered. */
  async later(hours: number): Promise<void> {
    this.clock.advance(hours * 3_600_000);
    await this.driver.sweep();
  }
}

/** The scenario of one platform in a describe block: started before its tests, stopped after. */
export function useScenario(db: Db, make: () => PlatformDriver): Scenario {
  const t = new Scenario(db, make());
  beforeAll(async () => {
    await t.driver.start({ db, clock: t.clock });
    await t.setUpTeam();
  });
  afterAll(async () => {
    await t.driver.stop();
  });
  return t;
}
