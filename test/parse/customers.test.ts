import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('several customers: each phone with the fields around it is one customer, in order', () => {
  each([
    [
      '报备 张三 13611112222 看床垫；李四 13633334444 看沙发 海珠区',
      { name: '张三', phone: '13611112222', product: '床垫', address: null, others: [{ name: '李四', phone: '13633334444', product: '沙发', address: '海珠区' }] },
    ],
    [
      '报备 张三 13611112222 看床垫 李四 13633334444 看沙发',
      { name: '张三', product: '床垫', others: [{ name: '李四', phone: '13633334444', product: '沙发' }] },
    ],
    [
      '13611112222 张三 床垫 13633334444 李四 沙发',
      { command: 'register', name: '张三', product: '床垫', others: [{ name: '李四', phone: '13633334444', product: '沙发' }] },
    ],
    [
      '报备两个客户：1. 王芳 13811112222 朝阳区 沙发 2. 刘洋 13922223333 海淀区 床垫',
      { name: '王芳', address: '朝阳区', product: '沙发', 'extra.content': null, others: [{ name: '刘洋', address: '海淀区', product: '床垫' }] },
    ],
    [
      '登记\n王芳 13811112222 预算5000 沙发\n刘洋 13922223333 预算1万 床垫\n赵敏 13733334444 衣柜',
      {
        name: '王芳',
        budget: [5000, 5000],
        others: [
          { name: '刘洋', budget: [10000, 10000], product: '床垫' },
          { name: '赵敏', phone: '13733334444', product: '衣柜', budget: null },
        ],
      },
    ],
    [
      '来店 王先生 13812345678 看汉EV；李女士 13912345678 看宋PLUS',
      { command: 'reception', name: '王先生', product: '汉EV', others: [{ name: '李女士', product: '宋PLUS' }] },
    ],
  ]);
});

describe('no customer’s name, phone or need is written into another’s fields', () => {
  it('keeps the second customer out of the first one’s address, product and note', () => {
    const r = parse('报备 张三 13611112222 看床垫 李四 13633334444 看沙发');
    const first = [r.name, r.phone, r.address, r.product, r.extra.content].join(' ');
    expect(first).not.toContain('李四');
    expect(first).not.toContain('13633334444');
    expect(first).not.toContain('沙发');
    expect(r.others.map((o) => o.name)).toEqual(['李四']);
  });
});

describe('a second number of the same customer starts no one', () => {
  each([
    ['报备 张三 13611112222/13633334444 床垫', { name: '张三', phone: '13611112222', product: '床垫', others: [] }],
    ['报备 张三 13611112222 或 13633334444 床垫', { name: '张三', others: [] }],
    ['报备 张三 13611112222 他老婆 13633334444 床垫', { name: '张三', product: '床垫', others: [] }],
    ['报备 张三 13611112222 备用电话13633334444 朝阳区 沙发', { name: '张三', address: '朝阳区', others: [] }],
  ]);
});

describe('one customer: others is empty', () => {
  each([
    ['报备 张伟 13812345678 朝阳区 床垫', { others: [] }],
    ['跟进 张伟 电话沟通了', { others: [] }],
    ['我的客户', { others: [] }],
  ]);
});
