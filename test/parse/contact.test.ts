import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('phone: digits only, whatever the rep typed around them', () => {
  each([
    ['报备 张伟 13812345678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 138-1234-5678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 138 1234 5678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 138.1234.5678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 +86 138 1234 5678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 +8613812345678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 008613812345678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 １３８１２３４５６７８ 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 电话13812345678 朝阳区', { phone: '13812345678' }],
    ['报备 张伟 手机号：13812345678 朝阳区', { phone: '13812345678' }],
    ['报备 13812345678 张伟 朝阳区', { phone: '13812345678', name: '张伟' }],
    ['报备 张伟 朝阳区 床垫 13812345678', { phone: '13812345678', product: '床垫' }],
  ]);
});

describe('phone: a landline keeps its area code', () => {
  each([
    ['刘总 0571-88886666 滨江区', { phone: '057188886666' }],
    ['报备 许先生 (0571)88886666 西湖区', { phone: '057188886666' }],
    ['报备 韩女士 010-12345678 朝阳区', { phone: '01012345678' }],
    ['报备 陈先生 电话0755 2666 8888 南山区', { phone: '075526668888' }],
  ]);
});

describe('phone: numbers that are not phones are left alone', () => {
  each([
    ['报备 张伟 1381234567 朝阳区', { phone: null }],
    ['报备 张伟 预算50000 床垫', { phone: null, budget: [50000, 50000] }],
  ]);
});

describe('name: a full name as written, including compound surnames', () => {
  each([
    ['报备 张伟 13812345678', { name: '张伟' }],
    ['报备 黄小明 18800001234 南山区', { name: '黄小明' }],
    ['报备 欧阳娜娜 13912345678 宝安区', { name: '欧阳娜娜' }],
    ['报备 司马光 13912345678 思明区', { name: '司马光' }],
    ['报备 上官婉儿 女 13812345678 大明宫小区', { name: '上官婉儿' }],
    ['李娜交了定金5000', { name: '李娜' }],
    ['王五明天来店', { name: '王五' }],
    ['李明明天再联系', { name: '李明' }],
    ['黄小明已到店', { name: '黄小明' }],
    ['张伟下单了', { name: '张伟' }],
    ['跟进 张伟：今天电话沟通了', { name: '张伟' }],
    ['来电 13812345678 李先生 找小刘的', { name: '李先生' }],
  ]);
});

describe('name: a surname with a title', () => {
  each([
    ['报备 王先生 13812345678', { name: '王先生' }],
    ['报备 李女士 13812345678', { name: '李女士' }],
    ['报备 赵小姐 13812345678', { name: '赵小姐' }],
    ['报备 刘总 13812345678', { name: '刘总' }],
    ['报备 赵姐 18612345678 湖里区', { name: '赵姐' }],
    ['报备 钱哥 18612345678 车展', { name: '钱哥' }],
    ['报备 欧阳先生 18612345678', { name: '欧阳先生' }],
    ['孙先生不买了 预算不够', { name: '孙先生' }],
  ]);
});

describe('gender: male for 先生 / 男, female for 女士 / 小姐 / 女, else null', () => {
  each([
    ['报备 王先生 13812345678', { gender: 'male' }],
    ['报备 李女士 13812345678', { gender: 'female' }],
    ['报备 赵小姐 13812345678', { gender: 'female' }],
    ['报备 郑强 男 15011112222', { gender: 'male' }],
    ['新客户：李娜，女，139-1234-5678', { gender: 'female' }],
    ['报备 周迅 性别：女 13812345678', { gender: 'female' }],
    ['报备 张伟 先生 13812345678', { gender: 'male', name: '张伟' }],
    ['报备 李娜 女士 13812345678', { gender: 'female', name: '李娜' }],
    ['报备 刘总 13812345678', { gender: null }],
    ['报备 赵姐 13812345678', { gender: null }],
    ['报备 张伟 13812345678 给女儿买床', { gender: null }],
  ]);
});
