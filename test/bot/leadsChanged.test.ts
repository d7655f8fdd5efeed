import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { Chat } from './harness.js';

const { db } = await testDb();
const chat = new Chat(db);
beforeAll(async () => {
  await chat.setUpTeam();
});

async function leadId(phone: string): Promise<string> {
  return (await db.lead.findFirstOrThrow({ where: { phone } })).id;
}

describe('a change to a lead is announced so its reminders are rescheduled at once', () => {
  it('a registration names the new lead', async () => {
    await chat.say('lilei', '报备 张伟 13812345678 朝阳区望京花园 想看床垫');
    expect(chat.changedLeads.at(-1)).toEqual([await leadId('13812345678')]);
  });

  it('a follow-up that moves the next contact names the lead', async () => {
    const before = chat.changedLeads.length;
    await chat.say('lilei', '跟进 张伟 电话沟通了 明天再联系');
    expect(chat.changedLeads.length).toBe(before + 1);
    expect(chat.changedLeads.at(-1)).toEqual([await leadId('13812345678')]);
  });

  it('a refusal or a read-only question announces nothing', async () => {
    const before = chat.changedLeads.length;
    await chat.say('hanmeimei', '报备 张伟 13812345678 朝阳区望京花园 想看床垫');
    await chat.say('lilei', '我的客户');
    await chat.say('lilei', '查 13812345678');
    expect(chat.changedLeads.length).toBe(before);
  });

  it('won names the lead, so its timers are cancelled', async () => {
    await chat.say('lilei', '成交 13812345678');
    expect(chat.changedLeads.at(-1)).toEqual([await leadId('13812345678')]);
  });
});
