import { beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/model.js';
import { testDb } from '../helpers/db.js';
import { buttonTexts, Chat, GROUP, seen } from './harness.js';

const { db } = await testDb();
const chat = new Chat(db);
let rulingCard: Card | undefined;

beforeAll(async () => {
  await chat.setUpTeam();
  await chat.say('lilei', '报备 张伟 13812345678 朝阳区望京花园 床垫 抖音');
  chat.advance(30);
});

describe('a collision goes to a ruling in the team group chat', () => {
  it('the later reporter applies: the ruling card is posted to the group, the applicant gets a toast', async () => {
    const collision = await chat.say('hanmeimei', '报备 张伟 13812345678 朝阳区 床垫 朋友介绍');
    const applied = await chat.click('hanmeimei', collision.card, '申请裁决');
    expect(applied.toast?.text).toContain('已提交裁决申请');
    expect(buttonTexts(applied.card)).toEqual([]);
    expect(seen(applied.card)).toContain('已申请裁决');

    const post = applied.effects.find((e) => e.to.kind === 'chat');
    expect(post?.to).toEqual({ kind: 'chat', chatId: GROUP });
    const text = seen(post);
    expect(text).toContain('撞单裁决：张伟 138****5678');
    expect(text).toContain('销售 | 李雷 | 韩梅梅');
    expect(text).toContain('来源 | 抖音 | 转介绍');
    expect(text).not.toContain('13812345678');
    expect(buttonTexts(post?.card)).toEqual(['维持原归属', '转给申请人', '延期']);
    rulingCard = post?.card;
    expect(await db.dispute.count({ where: { status: 'pending' } })).toBe(1);
  });

  it('applying twice posts nothing new', async () => {
    const collision = await chat.say('hanmeimei', '报备 张伟 13812345678 朝阳区 床垫');
    const again = await chat.click('hanmeimei', collision.card, '申请裁决');
    expect(again.toast?.text).toContain('已经申请过');
    expect(again.effects).toEqual([]);
  });
});

describe('only managers of the team decide', () => {
  it('a rep who clicks gets a toast and nothing changes', async () => {
    const res = await chat.click('hanmeimei', rulingCard, '转给申请人', undefined, { chatId: GROUP });
    expect(res.toast).toEqual({ kind: 'error', text: '只有本团队的经理可以裁决。' });
    expect(res.card).toBeUndefined();
    expect(res.effects).toEqual([]);
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('李雷');
    expect(await db.dispute.count({ where: { status: 'pending' } })).toBe(1);
  });

  it('a manager transfers: the owner changes, the card updates for everyone, both reps are told', async () => {
    chat.advance(10);
    const res = await chat.click('wang', rulingCard, '转给申请人', undefined, { chatId: GROUP });
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('韩梅梅');

    expect(buttonTexts(res.card)).toEqual([]);
    expect(seen(res.card)).toContain('裁决结果：转给申请人');
    expect(seen(res.card)).toContain('王经理 于 11月24日 10:40 裁决，客户现归属 **韩梅梅**');

    const update = res.effects.find((e) => e.to.kind === 'chat');
    expect(update?.updateKey).toBe(`ruling:${(await db.dispute.findFirstOrThrow()).id}`);
    expect(seen(update)).toContain('裁决结果：转给申请人');

    const notices = res.effects.filter((e) => e.to.kind === 'user');
    expect(notices.map((n) => (n.to.kind === 'user' ? n.to.userId : '')).sort()).toEqual(['hanmeimei', 'lilei']);
    const toWinner = notices.find((n) => n.to.kind === 'user' && n.to.userId === 'hanmeimei');
    expect(seen(toWinner)).toContain('归属于你');
    expect(seen(toWinner)).toContain('13812345678');
    const toLoser = notices.find((n) => n.to.kind === 'user' && n.to.userId === 'lilei');
    expect(seen(toLoser)).toContain('归属于 韩梅梅');
    expect(seen(toLoser)).not.toContain('13812345678');

    expect(await db.auditLog.count({ where: { action: { in: ['ruling', 'transfer'] } } })).toBeGreaterThan(0);
  });

  it('a second decision changes nothing and says who decided', async () => {
    const res = await chat.click('admin', rulingCard, '维持原归属', undefined, { chatId: GROUP });
    expect(res.toast?.text).toContain('王经理 已于 11月24日 10:40 裁决：转给申请人');
    expect(res.effects).toEqual([]);
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('韩梅梅');
  });
});

describe('an owner can ask for more time; managers approve it on the same kind of card', () => {
  it('posts an extension request to the group and an approval extends the deadline', async () => {
    await chat.say('lilei', '报备 孙丽 13900001111 海淀区 两房');
    const before = await db.lead.findFirstOrThrow({ where: { phone: '13900001111' } });
    const reply = await chat.sayAll('lilei', '申请延期 孙丽 客户出差');
    expect(seen(reply[0])).toContain('已提交 孙丽 的延期申请');
    const post = reply.find((r) => r.to.kind === 'chat');
    expect(seen(post)).toContain('延期申请：孙丽');
    const res = await chat.click('wang', post?.card, '同意延期', undefined, { chatId: GROUP });
    expect(seen(res.card)).toContain('处理结果：已延期');
    const after = await db.lead.findFirstOrThrow({ where: { phone: '13900001111' } });
    const deadline = (d: Date | null): number => d?.getTime() ?? 0;
    expect(deadline(after.milestoneDeadline) + deadline(after.protectionUntil)).toBeGreaterThan(deadline(before.milestoneDeadline) + deadline(before.protectionUntil));
    expect(res.effects.some((e) => e.to.kind === 'user' && e.to.userId === 'lilei')).toBe(true);
  });
});

describe('a team without a group chat still gets its ruling cards', () => {
  const other = new Chat(db, 'tenant_without_group');

  it('sends the card to each manager privately and updates each copy after the decision', async () => {
    await other.setUpTeam({ groupChat: false });
    await other.say('lilei', '报备 赵敏 13700009999 静安区 床垫');
    const collision = await other.say('hanmeimei', '报备 赵敏 13700009999 静安区 床垫');
    const applied = await other.click('hanmeimei', collision.card, '申请裁决');
    expect(applied.toast?.text).toContain('私信发给经理');
    const copies = applied.effects.filter((e) => e.to.kind === 'user');
    expect(copies.map((c) => (c.to.kind === 'user' ? c.to.userId : '')).sort()).toEqual(['admin', 'wang']);

    const decided = await other.click('wang', copies[0]?.card, '维持原归属');
    const updates = decided.effects.filter((e) => e.updateKey);
    expect(updates.map((u) => u.updateKey).sort()).toEqual(copies.map((c) => c.dedupeKey).sort());
    expect(seen(decided.card)).toContain('裁决结果：维持原归属');
  });
});
