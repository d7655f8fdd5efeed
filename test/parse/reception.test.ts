import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('reception: starts with 来店 / 进店 / 来电 / 接待, with or without contact details', () => {
  each([
    ['来店 2人 看瑞虎8 10:30-11:10 没留电话', { command: 'reception', visitKind: 'walk_in', phone: null }],
    ['进店 一位女士 看床垫', { command: 'reception', visitKind: 'walk_in' }],
    ['接待 一家三口 看三房 留了电话 13900001111 现场下定', { command: 'reception', visitKind: 'walk_in', phone: '13900001111' }],
    ['来电 李女士 13812349999 问三房价格 下周来看', { command: 'reception', visitKind: 'phone_in', name: '李女士', phone: '13812349999' }],
    ['接待 电话咨询 王先生 问GL8落地价', { command: 'reception', visitKind: 'phone_in', name: '王先生' }],
    ['@线索助手 来店 3个人 看沙发', { command: 'reception', groupSize: 3 }],
  ]);
});

describe('groupSize: the people in the party when stated', () => {
  each([
    ['来店 2人 看瑞虎8', { groupSize: 2 }],
    ['来店 两位 看床垫', { groupSize: 2 }],
    ['接待 一家三口 看三房', { groupSize: 3 }],
    ['进店 一家四口 看SUV', { groupSize: 4 }],
    ['来店 夫妻俩 看沙发', { groupSize: 2 }],
    ['进店 夫妻俩带个孩子 看儿童床', { groupSize: 3 }],
    ['来店 一个人 随便看看', { groupSize: 1 }],
    ['来店 看沙发 没留电话', { groupSize: null }],
    ['来电 王先生 问价格', { groupSize: null }],
  ]);
});

describe('inAt / outAt: when the party came and left', () => {
  each([
    ['来店 2人 看瑞虎8 10:30-11:10 没留电话', { inAt: '10:30', outAt: '11:10', nextFollowUpAt: null }],
    ['进店 夫妻俩 十点半到十一点 看沙发', { inAt: '10:30', outAt: '11:00' }],
    ['来店 一位女士 14:00来 15:30走 看床垫', { inAt: '14:00', outAt: '15:30', nextFollowUpAt: null }],
    ['来店 3个人 下午3点到的 看儿童床', { inAt: '15:00', outAt: null }],
    ['来店 3个人 看儿童床 11点离开', { inAt: null, outAt: '11:00' }],
    ['来店 2人 看沙发', { inAt: null, outAt: null }],
    ['来店 2人 看沙发 周六再来', { inAt: null, nextFollowUpAt: '2026-11-28' }],
  ]);
});

describe('contactLeft: a phone or 留了电话 / 加了微信 is true, 没留电话 / 不肯留 is false', () => {
  each([
    ['来电 李女士 13812349999 问三房价格', { contactLeft: true }],
    ['来店 2人 看沙发 加了微信', { contactLeft: true }],
    ['来店 2人 看沙发 留了电话', { contactLeft: true }],
    ['来店 2人 看瑞虎8 没留电话', { contactLeft: false }],
    ['来店 一位女士 看床垫 不肯留电话', { contactLeft: false }],
    ['来店 2人 看沙发', { contactLeft: null }],
  ]);
});

describe('ordered: true for 现场下定 / 当场成交 / 现场订购, else null', () => {
  each([
    ['接待 一家三口 看三房 留了电话 13900001111 现场下定', { ordered: true }],
    ['接待 王先生 13812345678 两位 看汉EV 当场成交', { ordered: true, command: 'reception' }],
    ['来店 2人 现场订购了一套沙发', { ordered: true }],
    ['来店 2人 看沙发 说回去商量', { ordered: null }],
  ]);
});

describe('a reception is read like a registration for the customer’s own fields', () => {
  each([
    ['来店 2人 看瑞虎8 10:30-11:10 没留电话', { product: '瑞虎8', address: null, 'extra.content': null }],
    ['来电 李女士 13812349999 问三房价格 下周来看', { product: '三房', address: null }],
    ['来店 王先生 13812345678 朝阳区 预算2万 看沙发', { address: '朝阳区', budget: [20000, 20000], product: '沙发' }],
  ]);
});

describe('other commands carry no reception fields', () => {
  it('leaves every reception field null outside a reception', () => {
    const r = parse('报备 张伟 13812345678 朝阳区 床垫 2人 10:30到店');
    expect([r.visitKind, r.groupSize, r.inAt, r.outAt, r.contactLeft, r.ordered]).toEqual([null, null, null, null, null, null]);
  });
});
