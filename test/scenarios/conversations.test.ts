import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { PLATFORMS, useScenario } from './scenario.js';

/**
 * Issue 4: every conversation of the Feishu issue, the same on every platform. The scenarios
 * run in order on one team: 王小明 and 李娜 sell, 张经理 manages, 周总 administers.
 */
const { db } = await testDb();

describe.each(PLATFORMS)('conversations on $name', ({ make }) => {
  const t = useScenario(db, make);

  describe('a complete report registers the lead (先报先保)', () => {
    it('answers with the success card and stores the lead under the reporter', async () => {
      await t.say('王小明', '报备 张伟 13812345678 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级');
      const card = t.lastCardTo('王小明');
      expect(card.title).toBe('报备成功：张伟');
      expect(card.text).toContain('13812345678');
      expect(card.text).toContain('朝阳区望京花园');
      expect(card.buttons).toEqual(['添加跟进', '编辑', '撤销']);
      const lead = await t.lead('13812345678');
      expect(lead).toMatchObject({ name: '张伟', address: '朝阳区望京花园', source: 'douyin', level: 'A', status: 'new' });
      expect(lead?.owner?.name).toBe('王小明');
    });
  });

  describe('a report missing a field gets a form pre-filled with what was understood', () => {
    it('stores nothing until the form is completed, then registers', async () => {
      await t.say('王小明', '报备 周杰 13700002222');
      const form = t.lastCardTo('王小明');
      expect(form.title).toBe('还差一点信息');
      expect(form.text).toContain('周杰');
      expect(form.text).toContain('13700002222');
      expect(await t.lead('13700002222')).toBeNull();

      await t.driver.submitForm('王小明', form, { address: '浦东新区碧云社区' });
      expect(t.lastCardTo('王小明').title).toBe('报备成功：周杰');
      const lead = await t.lead('13700002222');
      expect(lead).toMatchObject({ name: '周杰', address: '浦东新区碧云社区' });
      expect(lead?.owner?.name).toBe('王小明');
    });
  });

  describe('a second report of the same phone is a collision (撞单)', () => {
    it('names the owner and since when, masks the phone, and offers a ruling', async () => {
      await t.say('李娜', '报备 张伟 138-1234-5678 朝阳区 床垫 朋友介绍');
      const card = t.lastCardTo('李娜');
      expect(card.title).toBe('撞单：该客户已有人报备');
      expect(card.text).toContain('王小明');
      expect(card.text).toContain('11月24日 10:');
      expect(card.text).toContain('138****5678');
      expect(card.text).not.toContain('13812345678');
      expect(card.buttons).toEqual(['申请裁决']);
      expect((await t.lead('13812345678'))?.owner?.name).toBe('王小明');
    });
  });

  describe('over the monthly quota a report is refused (rule 6)', () => {
    it('tells the count and the limit, and stores nothing', async () => {
      await t.setPolicy({ monthlyQuota: 1 });
      try {
        await t.say('陈晨', '报备 钱多多 13600001111 海淀区 沙发');
        expect(t.lastCardTo('陈晨').title).toBe('报备成功：钱多多');

        await t.say('陈晨', '报备 孙少 13600002222 海淀区 餐桌');
        const card = t.lastCardTo('陈晨');
        expect(card.title).toBe('本月报备名额已用完');
        expect(card.text).toContain('1/1');
        expect(card.text).toContain('12月1日');
        expect(await t.lead('13600002222')).toBeNull();
      } finally {
        await t.setPolicy({ monthlyQuota: null });
      }
    });
  });

  describe('a follow-up is logged on the owner\'s lead', () => {
    it('counts it and sets the next follow-up the rep named', async () => {
      await t.say('王小明', '跟进 张伟 电话沟通，客户很满意，下周三回访');
      const card = t.lastCardTo('王小明');
      expect(card.title).toBe('已记录跟进：张伟');
      expect(card.text).toContain('第 1 次跟进');
      expect(card.text).toContain('12月2日');
      const lead = await t.lead('13812345678');
      expect(lead).toMatchObject({ followUpCount: 1, status: 'following' });
      expect(await db.followUp.count({ where: { leadId: lead?.id } })).toBe(1);
    });
  });

  describe('a won deal closes the lead', () => {
    it('congratulates and stores the lead as won', async () => {
      await t.say('王小明', '报备 赵敏 13900001111 西城区 床垫');
      await t.say('王小明', '成交 赵敏');
      expect(t.lastCardTo('王小明').title).toBe('🎉 恭喜成交：赵敏');
      const lead = await t.lead('13900001111');
      expect(lead?.status).toBe('won');
      expect(lead?.wonAt).not.toBeNull();
    });
  });

  describe('a lost deal is kept with its reason', () => {
    it('shows the reason and stores it for the loss analysis', async () => {
      await t.say('王小明', '报备 孙丽 13900002222 东城区 衣柜');
      await t.say('王小明', '战败 孙丽 预算不够，买了别家');
      const card = t.lastCardTo('王小明');
      expect(card.title).toBe('已标记战败：孙丽');
      expect(card.text).toContain('预算不够，买了别家');
      expect(await t.lead('13900002222')).toMatchObject({ status: 'lost', lostReason: '预算不够，买了别家' });
    });
  });

  describe('a query shows the full phone only to the owner', () => {
    it('tells another rep who owns a phone, masked', async () => {
      await t.say('李娜', '查 13812345678');
      const card = t.lastCardTo('李娜');
      expect(card.title).toBe('查询结果：138****5678');
      expect(card.text).toContain('138****5678');
      expect(card.text).not.toContain('13812345678');
      expect(card.text).toContain('王小明');
      expect(card.text).toContain('非本人客户的电话已隐藏。');
    });

    it('shows the owner their own customer in full, by name too', async () => {
      await t.say('王小明', '查 张伟');
      const card = t.lastCardTo('王小明');
      expect(card.text).toContain('13812345678');
      expect(card.buttons).toEqual(['添加跟进']);
    });
  });

  describe('我的客户 lists the rep\'s open leads', () => {
    it('shows the leads still being worked, not the closed ones, and the month\'s quota', async () => {
      await t.say('王小明', '我的客户');
      const card = t.lastCardTo('王小明');
      expect(card.title).toBe('我的客户');
      expect(card.text).toContain('张伟');
      expect(card.text).toContain('周杰');
      expect(card.text).not.toContain('赵敏');
      expect(card.text).not.toContain('孙丽');
      expect(card.text).toMatch(/本月已报备 \d+\/20/);
    });
  });

  describe('帮助 explains the commands', () => {
    it('shows a rep how to report, follow up and query', async () => {
      await t.say('李娜', '帮助');
      const card = t.lastCardTo('李娜');
      expect(card.title).toBe('怎么用');
      expect(card.text).toContain('报备 张伟 13812345678');
      expect(card.text).not.toContain('交接');
    });

    it('shows a manager the manager\'s commands too', async () => {
      await t.say('张经理', '帮助');
      expect(t.lastCardTo('张经理').text).toContain('交接 张三 给 李四');
    });
  });

  describe('a message the bot does not understand', () => {
    it('is answered with a pointer to 帮助, and changes nothing', async () => {
      const leads = await db.lead.count();
      await t.say('李娜', '今天天气不错');
      expect(t.driver.textsTo('李娜').at(-1)).toBe('没看懂这条消息。发送「帮助」查看怎么报备、跟进和查询。');
      expect(await db.lead.count()).toBe(leads);
    });
  });
});
