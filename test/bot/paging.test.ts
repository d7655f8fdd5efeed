import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { buttonTexts, Chat, seen } from './harness.js';

const { db } = await testDb();
const chat = new Chat(db);
const names = ['张伟', '王芳', '李娜', '刘强', '陈静', '杨洋', '黄磊', '赵敏', '周杰', '吴磊', '徐丽', '孙浩'];

beforeAll(async () => {
  await chat.setUpTeam();
  for (const [i, name] of names.entries()) await chat.say('lilei', `报备 ${name} 1391111${String(i).padStart(4, '0')} 朝阳区 床垫`);
});

describe('long lists come in pages', () => {
  it('my leads shows ten a page with a next-page button that turns the page', async () => {
    const first = await chat.say('lilei', '我的客户');
    expect(seen(first)).toContain('共 12 个跟进中，第 1/2 页');
    expect(buttonTexts(first.card)).toEqual(['下一页']);
    const second = await chat.click('lilei', first.card, '下一页');
    expect(seen(second.card)).toContain('第 2/2 页');
    expect(buttonTexts(second.card)).toEqual(['上一页']);
    expect(seen(await chat.say('lilei', '我的客户 2'))).toContain('第 2/2 页');
  });

  it('the pool pages by five, and 公海 2 opens the second page', async () => {
    await chat.say('admin', '交接 李雷 到公海');
    const first = await chat.say('hanmeimei', '公海');
    expect(seen(first)).toContain('共 12 个，第 1/3 页');
    expect(buttonTexts(first.card).filter((t) => t === '领取')).toHaveLength(5);
    const second = await chat.click('hanmeimei', first.card, '下一页');
    expect(seen(second.card)).toContain('第 2/3 页');
    expect(seen(await chat.say('hanmeimei', '公海 3'))).toContain('第 3/3 页');
  });
});

describe('a possible duplicate is warned about, not blocked', () => {
  it('same name and address with another phone registers with a note', async () => {
    await chat.say('hanmeimei', '报备 马丽 13922220000 望京花园 沙发');
    const reply = await chat.say('wang', '报备 马丽 13922220001 望京花园 沙发');
    expect(seen(reply)).toContain('报备成功：马丽');
    expect(seen(reply)).toContain('可能重复');
    expect(seen(reply)).toContain('139****0000（韩梅梅）');
  });
});
