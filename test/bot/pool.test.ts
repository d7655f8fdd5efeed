import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { buttonTexts, Chat, seen } from './harness.js';

const { db } = await testDb();
const chat = new Chat(db);

beforeAll(async () => {
  await chat.setUpTeam();
  await chat.say('lilei', '报备 张伟 13812345678 朝阳区望京花园 床垫 A级');
  await chat.say('lilei', '报备 孙丽 13900001111 海淀区 两房');
});

describe('the public pool lists released leads with masked phones and a claim button', () => {
  it('a lead the admin hands over to the pool shows in 公海 and can be claimed', async () => {
    const handover = await chat.sayAll('admin', '交接 李雷 到公海');
    expect(seen(handover[0])).toContain('**李雷** 的 2 个跟进中客户已放入公海');
    expect(handover.some((m) => m.to.kind === 'user' && m.to.userId === 'lilei')).toBe(true);

    const pool = await chat.say('hanmeimei', '公海');
    const text = seen(pool);
    expect(text).toContain('公海客户');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('原因：离职交接');
    expect(buttonTexts(pool.card).filter((t) => t === '领取')).toHaveLength(2);

    const claimed = await chat.click('hanmeimei', pool.card, '领取');
    expect(claimed.toast?.text).toContain('领取成功');
    const privateCard = claimed.effects.find((e) => e.to.kind === 'user' && e.to.userId === 'hanmeimei');
    expect(seen(privateCard)).toMatch(/领取成功：(张伟|孙丽)/);
    expect(await db.lead.count({ where: { owner: { platformUserId: 'hanmeimei' } } })).toBe(1);
    expect(buttonTexts(claimed.card).filter((t) => t === '领取')).toHaveLength(1);
  });

  it('a lead already claimed tells the next clicker who took it', async () => {
    const stale = await chat.say('wang', '公海');
    const first = await chat.click('hanmeimei', stale.card, '领取');
    expect(first.toast?.text).toContain('领取成功');
    const second = await chat.click('wang', stale.card, '领取');
    expect(second.toast?.text).toMatch(/已被 韩梅梅 领取|已不在公海/);
  });
});

describe('handover moves a leaving rep’s open leads to another rep', () => {
  it('moves them, tells the receiver, and refuses non-admins', async () => {
    await chat.say('lilei', '报备 刘洋 13812349999 通州区 沙发');
    const refused = await chat.say('hanmeimei', '交接 李雷 给 韩梅梅');
    expect(refused.text).toContain('只有管理员');
    const done = await chat.sayAll('admin', '交接 李雷 给 韩梅梅');
    expect(seen(done[0])).toContain('**李雷** 的 1 个跟进中客户已转给 **韩梅梅**');
    const toReceiver = done.find((m) => m.to.kind === 'user' && m.to.userId === 'hanmeimei');
    expect(seen(toReceiver)).toContain('刘洋 13812349999');
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812349999' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('韩梅梅');
  });
});

describe('an admin can erase a customer on request, after confirming', () => {
  it('asks first, then erases and leaves an anonymized history', async () => {
    expect((await chat.say('wang', '删除客户 13812349999')).text).toContain('只有管理员');
    const confirm = await chat.say('admin', '删除客户 13812349999');
    expect(seen(confirm)).toContain('删除客户个人信息？');
    expect(await db.lead.count({ where: { phone: '13812349999' } })).toBe(1);
    const done = await chat.click('admin', confirm.card, '确认删除');
    expect(seen(done.card)).toContain('客户 138****9999 的个人信息已删除');
    expect(await db.lead.count({ where: { phone: '13812349999' } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: 'erase' } })).toBe(1);
  });
});
