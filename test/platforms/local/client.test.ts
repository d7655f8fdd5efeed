import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../../src/cards/model.js';
import type { OutboundMessage } from '../../../src/core/bot/types.js';
import { fromStored } from '../../../src/jobs/inbound/index.js';
import { LocalClient } from '../../../src/platforms/local/client.js';
import { DEMO_TEAM, dmChatId } from '../../../src/platforms/local/demo.js';
import { ensureDemoOrg } from '../../../src/playground/demoOrg.js';
import { createPlaygroundStore } from '../../../src/playground/store.js';
import { assembleForTest, type TestAssembly } from '../../helpers/assembly.js';
import { testDb } from '../../helpers/db.js';

const { db } = await testDb();
const store = createPlaygroundStore(db);
const client = new LocalClient(store);

const card = (title: string): Card => ({ header: { title, color: 'blue' }, elements: [{ type: 'text', text: title }] });

describe('the local platform keeps what the bot sends, once', () => {
  it('stores a message per outbound row: a retried send with the same key is the same message', async () => {
    const msg: OutboundMessage = { to: { kind: 'user', userId: 'li-na' }, card: card('提醒'), dedupeKey: 'k1' };
    const first = await client.send('local', msg, 'row-1');
    const again = await client.send('local', msg, 'row-1');
    expect(again.messageId).toBe(first.messageId);
    const chat = await store.listChat(dmChatId('li-na'));
    expect(chat.filter((m) => m.id === first.messageId)).toHaveLength(1);
    expect(chat[0]?.card?.header.title).toBe('提醒');
  });

  it('addresses a member privately, a group by its chat id, and a reply in its thread', async () => {
    const { messageId: toChat } = await client.send('local', { to: { kind: 'chat', chatId: DEMO_TEAM.groupChatId }, text: '群消息', dedupeKey: 'k2' }, 'row-2');
    const { messageId: reply } = await client.send(
      'local',
      { to: { kind: 'reply', messageId: toChat, chatId: DEMO_TEAM.groupChatId }, text: '回复', dedupeKey: 'k3' },
      'row-3',
    );
    const group = await store.listChat(DEMO_TEAM.groupChatId);
    expect(group.map((m) => m.text)).toEqual(['群消息', '回复']);
    expect(group.find((m) => m.id === reply)?.replyTo).toBe(toChat);
  });

  it('updates a card in place, bumping its version so the page redraws it', async () => {
    const { messageId } = await client.send('local', { to: { kind: 'user', userId: 'wang-xiaoming' }, card: card('待裁决'), dedupeKey: 'k4' }, 'row-4');
    await client.updateCard('local', messageId, card('已裁决'));
    const updated = await store.find(messageId);
    expect(updated?.card?.header.title).toBe('已裁决');
    expect(updated?.rev).toBe(1);
    await expect(client.updateCard('local', 'no-such-message', card('x'))).rejects.toMatchObject({ name: 'PlatformError', retryable: false });
  });

  it('describes the demo members as a contact API would: name, team, leader', async () => {
    expect(await client.getUserProfile('local', 'wang-xiaoming')).toEqual({ name: '王小明', department: '演示门店', leaderId: 'zhang-jingli' });
    expect(await client.getUserProfile('local', 'zhang-jingli')).toEqual({ name: '张经理', department: '演示门店' });
  });
});

describe('the demo org is created on start, once', () => {
  it('makes one team with its group chat, two reps and their manager, however often it runs', async () => {
    const first = await ensureDemoOrg(db);
    const second = await ensureDemoOrg(db);
    expect(second).toEqual(first);
    const members = await db.member.findMany({ where: { orgId: first.orgId }, orderBy: { name: 'asc' } });
    expect(members.map((m) => [m.name, m.role, m.teamId === first.teamId])).toEqual(
      expect.arrayContaining([
        ['王小明', 'rep', true],
        ['李娜', 'rep', true],
        ['张经理', 'manager', true],
      ]),
    );
    expect(members).toHaveLength(3);
    const team = await db.team.findUniqueOrThrow({ where: { id: first.teamId } });
    expect([team.name, team.groupChatId]).toEqual(['演示门店', DEMO_TEAM.groupChatId]);
  });
});

describe('the playground API lets a member use only their own chat and the team group', () => {
  // The playground as production serves it: PLAYGROUND=on, no workers (the stored events are what is checked).
  let assembly: TestAssembly;
  beforeAll(async () => {
    assembly = await assembleForTest(db, { PLAYGROUND: 'on' }, { inbound: { worker: false }, jobs: { workers: false } });
  });
  afterAll(() => assembly.stop());
  const post = (path: string, body: unknown) => assembly.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('stores a message in the inbound pipeline as a local private or group message', async () => {
    const dm = await post(`/playground/api/chats/${dmChatId('li-na')}/messages`, { memberId: 'li-na', text: '帮助' });
    expect(dm.status).toBe(200);
    const group = await post(`/playground/api/chats/${DEMO_TEAM.groupChatId}/messages`, { memberId: 'li-na', text: '公海' });
    expect(group.status).toBe(200);
    const events = await db.inboundEvent.findMany({ where: { platform: 'local' }, orderBy: { receivedAt: 'asc' } });
    expect(events.map((e) => fromStored(e.payload)).map((m) => [m.tenantKey, m.senderId, m.chatType, m.text])).toEqual([
      ['local', 'li-na', 'p2p', '帮助'],
      ['local', 'li-na', 'group', '公海'],
    ]);
  });

  it("refuses another member's private chat, and an empty message", async () => {
    expect((await post(`/playground/api/chats/${dmChatId('li-na')}/messages`, { memberId: 'wang-xiaoming', text: '偷看' })).status).toBe(403);
    expect((await assembly.app.request(`/playground/api/chats/${dmChatId('li-na')}/messages?memberId=wang-xiaoming`)).status).toBe(403);
    expect((await post(`/playground/api/chats/${dmChatId('li-na')}/messages`, { memberId: 'li-na', text: '   ' })).status).toBe(400);
    const { messageId } = await client.send('local', { to: { kind: 'user', userId: 'li-na' }, card: card('私信'), dedupeKey: 'k5' }, 'row-5');
    expect((await post('/playground/api/actions', { memberId: 'wang-xiaoming', messageId, action: 'lead.undo', value: {} })).status).toBe(403);
  });
});
