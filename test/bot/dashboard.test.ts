import { describe, expect, it } from 'vitest';
import { consumeLink } from '../../src/core/dashboard/signIn.js';
import { testDb } from '../helpers/db.js';
import { Chat, seen } from './harness.js';

const { db } = await testDb();
const BASE = 'https://crm.example.com';

function linkOf(card: { elements: { type: string }[] } | undefined): string {
  const el = card?.elements.find((e): e is { type: 'link'; text: string; url: string } => e.type === 'link');
  if (!el) throw new Error('no link on the card');
  return el.url;
}

describe('看板 in chat: a card whose link signs the asker in', () => {
  it('in a direct chat the card comes back, its link signing in the one who asked, once', async () => {
    const chat = new Chat(db, 'tenant_dash_1', { dashboardUrl: BASE });
    await chat.setUpTeam();
    const reply = await chat.say('wang', '看板');
    expect(seen(reply)).toContain('意向客户看板');
    expect(seen(reply)).toContain('本团队');
    const url = new URL(linkOf(reply.card));
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/dashboard/signin`);
    const token = url.searchParams.get('t') ?? '';
    const manager = await db.member.findFirstOrThrow({ where: { name: '王经理', org: { tenantKey: 'tenant_dash_1' } } });
    expect(await consumeLink(db, token, chat.now)).toMatchObject({ ok: true, memberId: manager.id });
    expect(await consumeLink(db, token, chat.now)).toEqual({ ok: false, reason: 'used' });
  });

  it('asked in the group chat, the link goes to the asker privately and the group reads a line', async () => {
    const chat = new Chat(db, 'tenant_dash_2', { dashboardUrl: BASE });
    await chat.setUpTeam();
    const all = await chat.sayAll('lilei', '看板', { group: true });
    const inGroup = all.find((m) => m.to.kind === 'reply');
    expect(inGroup?.card).toBeUndefined();
    expect(seen(inGroup)).toContain('私信');
    const privately = all.find((m) => m.to.kind === 'user');
    expect(privately?.to).toEqual({ kind: 'user', userId: 'lilei' });
    expect(linkOf(privately?.card)).toContain('/dashboard/signin?t=');
  });

  it('the manager digest carries 打开看板, which sends a fresh link privately', async () => {
    const chat = new Chat(db, 'tenant_dash_3', { dashboardUrl: BASE });
    await chat.setUpTeam();
    const digest = await chat.say('wang', '日报');
    const res = await chat.click('wang', digest.card, '打开看板', undefined, { chatId: 'oc_team_group' });
    expect(res.toast?.text).toContain('私信');
    expect(res.effects).toHaveLength(1);
    expect(res.effects[0]?.to).toEqual({ kind: 'user', userId: 'wang' });
    expect(linkOf(res.effects[0]?.card)).toContain(`${BASE}/dashboard/signin?t=`);
  });

  it('without a public address the bot says so instead of sending a dead link', async () => {
    const chat = new Chat(db, 'tenant_dash_4');
    await chat.setUpTeam();
    expect(seen(await chat.say('wang', '看板'))).toContain('PUBLIC_URL');
  });
});
