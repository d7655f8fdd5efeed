import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('won: the trade words for a closed sale', () => {
  each([
    ['孙女士今天提车了', { command: 'won', name: '孙女士' }],
    ['王先生 交车了', { command: 'won', name: '王先生' }],
    ['跟进 李娜 今天网签了', { command: 'won', name: '李娜' }],
    ['赵敏 签了购房合同', { command: 'won', name: '赵敏' }],
    ['张伟 签合同了', { command: 'won', name: '张伟' }],
    ['跟进 刘总 已付全款', { command: 'won', name: '刘总' }],
    ['13812345678 全款付清了', { command: 'won', phone: '13812345678' }],
  ]);
});

describe('lost: the plain words for a customer who is gone', () => {
  each([
    ['周总那单黄了 预算不够', { command: 'lost', name: '周总', lostReason: '预算不够' }],
    ['跟进 陈先生 没戏了 嫌远', { command: 'lost', name: '陈先生', lostReason: '嫌远' }],
    ['王女士 孩子不报了', { command: 'lost', name: '王女士' }],
    ['李先生 买了别家的', { command: 'lost', name: '李先生' }],
    ['跟进 赵姐 在别家买了 价格便宜两千', { command: 'lost', name: '赵姐' }],
    ['刘洋 已在别处下定', { command: 'lost', name: '刘洋' }],
    ['战败 陈静 买了别家的 价格太高', { command: 'lost', name: '陈静', lostReason: '买了别家的 价格太高' }],
  ]);
});

describe('a message that starts with 跟进 / 回访 stays a follow-up whatever hesitation it reports', () => {
  each([
    ['跟进 陈先生 说先不考虑了 过段时间再说', { command: 'followup', lostReason: null }],
    ['跟进 唐先生 电话沟通 说乳胶枕先不要了 只要床垫', { command: 'followup', name: '唐先生' }],
    ['回访 王芳 暂时不买了 明年再看', { command: 'followup', name: '王芳' }],
    ['跟进 孙先生 还在犹豫 怕贵', { command: 'followup' }],
    ['跟进 王五 客户说不买了 家里人不同意', { command: 'lost', lostReason: '家里人不同意' }],
  ]);
});

describe('a plan is not an outcome, and a deposit is a follow-up', () => {
  each([
    ['跟进 王先生 等下周提车', { command: 'followup' }],
    ['张伟 准备签约', { command: 'followup' }],
    ['跟进 李娜 网签约在周五', { command: 'followup', nextFollowUpAt: '2026-11-27' }],
    ['跟进 王先生 提车时间定在下周六', { command: 'followup' }],
    ['跟进 王先生 问了提车价', { command: 'followup' }],
    ['李娜交了定金5000', { command: 'followup', milestone: 'deposit' }],
    ['跟进 赵敏 付了定金 下周签合同', { command: 'followup', milestone: 'deposit' }],
    ['跟进 刘女士 之前在别家看过 觉得贵', { command: 'followup' }],
  ]);
});
