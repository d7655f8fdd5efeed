import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { buttonTexts, Chat, formValues, seen } from './harness.js';

const { db } = await testDb();
const chat = new Chat(db);
beforeAll(() => chat.setUpTeam());

describe('a registration with everything needed is accepted (先报先保)', () => {
  it('answers with the lead summary and the follow-up, edit and undo buttons, threaded under the message', async () => {
    const reply = await chat.say('lilei', '报备 张伟 13812345678 朝阳区望京花园 想看床垫 预算5000 抖音来的 A级', { messageId: 'om_reg_1' });
    expect(reply.to).toEqual({ kind: 'reply', messageId: 'om_reg_1', chatId: 'p2p_lilei' });
    const text = seen(reply);
    expect(text).toContain('报备成功：张伟');
    expect(text).toContain('电话：13812345678');
    expect(text).toContain('地址：朝阳区望京花园');
    expect(text).toContain('意向产品：床垫');
    expect(text).toContain('来源：抖音');
    expect(text).toContain('意向级别：A（一个月内）');
    expect(buttonTexts(reply.card)).toEqual(['添加跟进', '编辑', '撤销']);
    const row = await db.lead.findFirstOrThrow({ where: { phone: '13812345678' }, include: { owner: true } });
    expect(row.owner?.name).toBe('李雷');
    expect(row.registeredAt).toEqual(chat.now);
  });

  it('keys the reply by the incoming message, so reprocessing it never posts twice', async () => {
    const first = await chat.sayAll('lilei', '报备 孙丽 13900001111 海淀区 两房', { messageId: 'om_same' });
    const again = await chat.sayAll('lilei', '报备 孙丽 13900001111 海淀区 两房', { messageId: 'om_same' });
    expect(first[0]?.dedupeKey).toBe(`reply:local:tenant_test:om_same`);
    expect(again[0]?.dedupeKey).toBe(first[0]?.dedupeKey);
  });
});

describe('a registration missing a required field gets a form pre-filled with what was understood', () => {
  it('pre-fills the form and its submit completes the registration', async () => {
    const reply = await chat.say('lilei', '报备 周杰 13700002222');
    expect(seen(reply)).toContain('还差一点信息');
    expect(seen(reply)).toContain('地址或意向产品');
    const values = formValues(reply.card);
    expect(values).toMatchObject({ name: '周杰', phone: '13700002222', address: '' });
    expect(await db.lead.count({ where: { phone: '13700002222' } })).toBe(0);

    chat.advance(2);
    const submitted = await chat.click('lilei', reply.card, '提交报备', { ...values, address: '浦东新区碧云社区', source: 'referral', level: 'B' });
    expect(seen(submitted.card)).toContain('报备成功：周杰');
    const row = await db.lead.findFirstOrThrow({ where: { phone: '13700002222' } });
    expect(row).toMatchObject({ address: '浦东新区碧云社区', source: 'referral', level: 'B' });
    // The claim time is when the rep wrote the message, not when the form came back.
    expect(row.registeredAt.getTime()).toBe(chat.now.getTime() - 2 * 60_000);
  });

  it('an invalid phone on the form shows the form again with the error', async () => {
    const reply = await chat.say('lilei', '报备 吴敏 13700003333');
    const again = await chat.click('lilei', reply.card, '提交报备', { ...formValues(reply.card), phone: '12345', address: '静安区' });
    expect(seen(again.card)).toContain('手机号无效');
    expect(formValues(again.card)).toMatchObject({ name: '吴敏', address: '静安区' });
  });
});

describe('a phone already registered by someone else is a collision', () => {
  it('names the owner and since when, masks the phone, and offers a ruling', async () => {
    const reply = await chat.say('hanmeimei', '报备 张伟 13812345678 朝阳区 床垫');
    const text = seen(reply);
    expect(text).toContain('撞单');
    expect(text).toContain('已由 **李雷** 于 11月24日 10:00 报备');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    expect(buttonTexts(reply.card)).toEqual(['申请裁决']);
  });
});

describe('a number that is not a phone is refused plainly', () => {
  it('says the number is invalid', async () => {
    const reply = await chat.say('lilei', '报备 钱七 1381234 海淀区 沙发');
    expect(seen(reply)).toContain('电话号码无效');
  });
});

describe('undo within the window removes the registration', () => {
  it('undoes from the success card while the window is open, and refuses after', async () => {
    const ok = await chat.say('lilei', '报备 冯八 13611112222 西城区 床垫');
    const undone = await chat.click('lilei', ok.card, '撤销');
    expect(seen(undone.card)).toContain('已撤销报备：冯八');
    expect(await db.lead.count({ where: { phone: '13611112222', erasedAt: null, status: { notIn: ['released', 'expired'] } } })).toBe(0);

    const late = await chat.say('lilei', '报备 陈九 13611113333 西城区 床垫');
    chat.advance(6);
    const refused = await chat.click('lilei', late.card, '撤销');
    expect(refused.toast?.text).toContain('5 分钟');
    expect(await db.lead.count({ where: { phone: '13611113333' } })).toBe(1);
  });
});

describe('a rep over the monthly quota is refused with the count and the reset date', () => {
  it('shows used/quota and when it resets', async () => {
    const team = await db.team.findFirstOrThrow();
    await db.team.update({ where: { id: team.id }, data: { policy: { monthlyQuota: 1 } } });
    try {
      await chat.say('hanmeimei', '报备 卫十 13522223333 东城区 衣柜');
      const reply = await chat.say('hanmeimei', '报备 蒋一 13522224444 东城区 衣柜');
      expect(seen(reply)).toContain('你本月已报备 **1/1** 个客户');
      expect(seen(reply)).toContain('重置时间：12月1日 00:00');
      expect(await db.lead.count({ where: { phone: '13522224444' } })).toBe(0);
    } finally {
      await db.team.update({ where: { id: team.id }, data: { policy: {} } });
    }
  });
});

describe('attribution and late reports are told to the people concerned', () => {
  it('a report long after first contact is accepted, flagged late, and the managers are told', async () => {
    const replies = await chat.sayAll('lilei', '报备 何静 13688887777 朝阳区 沙发 前天来店的');
    expect(seen(replies[0])).toContain('已标记为迟报');
    const notices = replies.filter((r) => r.to.kind === 'user');
    expect(notices.map((n) => (n.to.kind === 'user' ? n.to.userId : ''))).toContain('wang');
    expect(seen(notices[0])).toContain('迟报提醒：何静');
    expect((await db.lead.findFirstOrThrow({ where: { phone: '13688887777' } })).lateReport).toBe(true);
  });

  it('a customer who asked for a named rep belongs to that rep, who is told', async () => {
    const replies = await chat.sayAll('lilei', '报备 罗先生 13688886666 海淀区 床垫 指定找韩梅梅');
    expect(seen(replies[0])).toContain('客户指定找 **韩梅梅**');
    const notice = replies.find((r) => r.to.kind === 'user' && r.to.userId === 'hanmeimei');
    expect(seen(notice)).toContain('客户指定了你：罗先生');
    const lead = await db.lead.findFirstOrThrow({ where: { phone: '13688886666' }, include: { owner: true } });
    expect(lead.owner?.name).toBe('韩梅梅');
  });
});
