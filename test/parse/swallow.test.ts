import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('product is the thing wanted, without purpose or beneficiary words', () => {
  each([
    ['报备 王磊 13811112222 给儿子买车 看凯美瑞', { product: '凯美瑞' }],
    ['报备 刘总 13822223333 公司采购GL8 3台', { product: 'GL8', address: null }],
    ['报备 张伟 13812345678 想换车', { product: '车' }],
    ['报备 李女士 13812345678 给孩子报钢琴课', { product: '钢琴课' }],
    ['报备 赵先生 13812345678 帮父母买重疾险', { product: '重疾险' }],
    ['报备 钱女士 13812345678 看了一圈乳胶床垫', { product: '乳胶床垫' }],
    ['报备 郑先生 13700001111 想要软一点的床垫', { product: '床垫', nextFollowUpAt: null, address: null }],
    ['报备 孙女士 13844445555 健身私教课', { product: '健身私教课', address: null }],
    ['报备 李先生 13855556666 办公室装修', { product: '办公室装修', address: null }],
    ['报备 周先生 13866667777 loft公寓', { product: 'loft公寓', address: null }],
  ]);
});

describe('name skips role words before it', () => {
  each([
    ['新客户 家长王女士 13566661234 孩子学钢琴', { name: '王女士', phone: '13566661234' }],
    ['报备 客户李姐 13812345678 沙发', { name: '李姐' }],
    ['报备 业主陈先生 13812345678 全屋定制', { name: '陈先生', product: '全屋定制' }],
  ]);
});

describe('address is only a place', () => {
  each([
    ['报备 赵女士 13833334444 首套 两房', { address: null, product: '两房' }],
    ['报备 吴先生 13877778888 老业主 想换三房', { address: null, product: '三房' }],
    ['报备 郑女士 13888889999 年一万左右 少儿英语', { address: null, budget: [10000, 10000], product: '少儿英语' }],
    ['报备 刘总 13822223333 3台 GL8', { address: null }],
    ['报备 王女士 13822223333 二胎 想换大一点的房子', { address: null }],
    ['报备 张伟 13812345678 望京 床垫', { address: '望京', product: '床垫' }],
  ]);
});

describe('budget given per period is the amount as written', () => {
  each([
    ['报备 孙女士 13844445555 健身私教课 预算一年两万', { budget: [20000, 20000] }],
    ['报备 郑女士 13888889999 一年两万 少儿英语', { budget: [20000, 20000] }],
    ['报备 王女士 13888889999 托管 每月3000', { budget: [3000, 3000] }],
    ['报备 李先生 13888889999 学一年钢琴', { budget: null }],
  ]);
});

describe('degree words are not times and are not products', () => {
  each([
    ['跟进 刘女士 她想再便宜一点 周五再联系', { nextFollowUpAt: '2026-11-27', 'extra.nextFollowUpTime': null }],
    ['跟进 王先生 想要大一点的', { nextFollowUpAt: null }],
    ['跟进 唐女士 喜欢偏硬一点的', { nextFollowUpAt: null, 'extra.nextFollowUpTime': null }],
    ['跟进 张伟 说晚一点再联系', { nextFollowUpAt: null }],
    ['跟进 张伟 下午3点再联系', { nextFollowUpAt: '2026-11-24', 'extra.nextFollowUpTime': '15:00' }],
    ['跟进 张伟 明天中午一点再打', { nextFollowUpAt: '2026-11-25', 'extra.nextFollowUpTime': '13:00' }],
  ]);
});

describe('whatever the fields do not take is kept as the note', () => {
  each([
    ['报备 钱多多 13566667777 越秀区 床垫 客户说家里老人腰不好，之前在别家看过', { 'extra.content': '客户说家里老人腰不好 之前在别家看过' }],
    ['报备 王磊 13811112222 给儿子买车 看凯美瑞', { 'extra.content': '给儿子买车' }],
    ['报备 刘总 13822223333 公司采购GL8 3台', { 'extra.content': '3台' }],
    ['报备 张伟 13812345678 朝阳区 床垫', { 'extra.content': null }],
  ]);
});
