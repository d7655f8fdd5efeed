import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { buttonTexts, Chat, seen } from './harness.js';

const { db } = await testDb();
const chat = new Chat(db);
beforeAll(async () => {
  await chat.setUpTeam();
  await chat.say('lilei', '报备 张伟 13812345678 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级');
  await chat.say('lilei', '报备 王先生 13812340001 海淀区 瑞虎8');
  await chat.say('lilei', '报备 王先生 13812340002 西城区 两房');
  chat.advance(60);
});

describe('a follow-up is logged against the rep’s lead', () => {
  it('records it and shows the next follow-up date, level and milestone', async () => {
    const reply = await chat.say('lilei', '跟进 张伟 今天到店了，交了定金，意向升H，周五回访');
    const text = seen(reply);
    expect(text).toContain('已记录跟进：张伟');
    expect(text).toContain('下次跟进：11月27日');
    expect(text).toContain('意向级别：H');
    expect(text).toContain('里程碑：已下定');
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' } });
    expect(lead.followUpCount).toBe(1);
    expect(lead.level).toBe('H');
    expect(await db.followUp.count({ where: { leadId: lead.id } })).toBe(1);
  });

  it('the follow-up button opens a form whose submit logs it', async () => {
    const query = await chat.say('lilei', '查 13812345678');
    const form = await chat.click('lilei', query.card, '添加跟进');
    expect(seen(form.card)).toContain('添加跟进：张伟');
    const saved = await chat.click('lilei', form.card, '保存跟进', { content: '电话沟通了颜色', method: 'phone', nextFollowUpAt: '2026-11-28' });
    expect(seen(saved.card)).toContain('第 2 次跟进');
    expect(seen(saved.card)).toContain('下次跟进：11月28日 09:00');
  });

  it('a name shared by two leads asks which one, and the choice completes the follow-up', async () => {
    const reply = await chat.say('lilei', '跟进 王先生 打了电话，下周再联系');
    expect(seen(reply)).toContain('有 2 个客户叫「王先生」');
    const chosen = await chat.click('lilei', reply.card, '王先生 13812340002');
    expect(seen(chosen.card)).toContain('已记录跟进：王先生');
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812340002' } });
    expect(lead.followUpCount).toBe(1);
  });

  it('someone else’s lead is refused', async () => {
    const reply = await chat.say('hanmeimei', '跟进 13812345678 打了电话');
    expect(seen(reply)).toContain('这不是你的客户');
  });
});

describe('won and lost close the lead', () => {
  it('won congratulates and frees the quota slot', async () => {
    const reply = await chat.say('lilei', '成交 13812340001');
    expect(seen(reply)).toContain('恭喜成交：王先生');
    expect((await db.lead.findFirstOrThrow({ where: { phone: '13812340001' } })).status).toBe('won');
  });

  it('lost records the reason', async () => {
    const reply = await chat.say('lilei', '战败 13812340002 预算不够，买了别家');
    expect(seen(reply)).toContain('已标记战败：王先生');
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812340002' } });
    expect(lead.status).toBe('lost');
    expect(lead.lostReason).toContain('预算不够');
  });
});

describe('a query shows the full phone only to the owner and managers', () => {
  it('the owner sees the full phone', async () => {
    expect(seen(await chat.say('lilei', '查 张伟'))).toContain('13812345678');
  });

  it('another rep asking by phone sees whose it is, with the phone masked', async () => {
    const text = seen(await chat.say('hanmeimei', '查 13812345678'));
    expect(text).toContain('归属人：李雷');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('非本人客户的电话已隐藏');
  });

  it('another rep asking by name finds only their own leads', async () => {
    expect(seen(await chat.say('hanmeimei', '查 张伟'))).toContain('没有找到「张伟」');
  });

  it('a manager sees the full phone, but never in the group chat', async () => {
    expect(seen(await chat.say('wang', '查 张伟'))).toContain('13812345678');
    const inGroup = seen(await chat.say('wang', '查 张伟', { group: true }));
    expect(inGroup).toContain('138****5678');
    expect(inGroup).not.toContain('13812345678');
  });

  it('an unknown customer is said so', async () => {
    expect(seen(await chat.say('lilei', '查 赵六'))).toContain('没有找到「赵六」');
  });
});

describe('my leads lists the open leads, overdue flagged', () => {
  it('lists them and flags the overdue ones', async () => {
    await chat.say('lilei', '报备 刘洋 13812349999 通州区 沙发 明天回访');
    chat.advance(3 * 24 * 60);
    const text = seen(await chat.say('lilei', '我的客户'));
    expect(text).toContain('我的客户');
    expect(text).toContain('张伟');
    expect(text).toContain('⚠️ **刘洋**');
    expect(text).not.toContain('王先生');
  });
});

describe('help and unknown messages', () => {
  it('help shows what to type, with examples', async () => {
    const reply = await chat.say('lilei', '帮助');
    expect(seen(reply)).toContain('报备 张伟 13812345678');
    expect(seen(reply)).not.toContain('交接');
    expect(seen(await chat.say('admin', '怎么用'))).toContain('交接 张三 给 李四');
  });

  it('an unknown message gets a hint to ask for help', async () => {
    const reply = await chat.say('lilei', '今天天气不错');
    expect(reply.text).toContain('发送「帮助」');
    expect(buttonTexts(reply.card)).toEqual([]);
  });
});

describe('a customer who already bought is not registered again', () => {
  it('refuses with the won date', async () => {
    const reply = await chat.say('hanmeimei', '报备 王先生 13812340001 海淀区 瑞虎8');
    expect(seen(reply)).toContain('客户已成交，不能再报备');
    expect(seen(reply)).toContain('138****0001');
  });
});

describe('digests on demand', () => {
  it('a manager asking 日报 gets the team digest, a rep their own morning digest', async () => {
    expect(seen(await chat.say('wang', '日报'))).toContain('日报');
    expect(seen(await chat.say('lilei', '日报'))).toContain('早安，李雷');
  });
});

describe('roles are set by admins only', () => {
  it('refuses a rep and accepts the admin', async () => {
    expect((await chat.say('lilei', '设为经理 @韩梅梅')).text).toContain('只有管理员');
    expect((await chat.say('admin', '设为销售 韩梅梅')).text).toContain('已把 韩梅梅 设为销售');
  });
});

describe('the owner can edit a lead from its card', () => {
  it('opens a pre-filled form and saves the changes', async () => {
    const reply = await chat.say('lilei', '报备 钟华 13812347777 大兴区 餐桌');
    const form = await chat.click('lilei', reply.card, '编辑');
    expect(seen(form.card)).toContain('编辑客户：钟华');
    const saved = await chat.click('lilei', form.card, '保存', { name: '钟华', address: '大兴区亦庄', product: '餐桌', budget: '2万' });
    expect(seen(saved.card)).toContain('已保存：钟华');
    expect(seen(saved.card)).toContain('地址：大兴区亦庄');
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13812347777' } });
    expect(lead).toMatchObject({ address: '大兴区亦庄', budgetMin: 20000, budgetMax: 20000 });
  });

  it('someone else cannot open it', async () => {
    const reply = await chat.say('lilei', '查 钟华');
    const res = await chat.click('hanmeimei', reply.card, '添加跟进');
    expect(res.toast?.text).toBe('这不是你的客户。');
  });
});
