import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

/** parse.md: the milestone is what already happened, not what is planned. Reference: Tue 2026-11-24 10:00. */
function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('milestone: a visit or deposit marked as done counts (了, 过, 完, 已, 已经, 刚, 刚刚, 刚才, 昨天, 今天)', () => {
  each([
    ['跟进 张伟 已经上门量尺了', { milestone: 'visit' }],
    ['跟进 张伟 到店看了样品', { milestone: 'visit' }],
    ['跟进 张伟 今天到店了', { milestone: 'visit' }],
    ['跟进 张伟 今天到店 很满意', { milestone: 'visit' }],
    ['跟进 张伟 昨天来店看过', { milestone: 'visit' }],
    ['跟进 张伟 刚才到店', { milestone: 'visit' }],
    ['跟进 张伟 刚刚来店了', { milestone: 'visit' }],
    ['跟进 张伟 量尺完了 周五出图', { milestone: 'visit' }],
    ['跟进 张伟 已上门', { milestone: 'visit' }],
    ['跟进 王先生 刚试驾完', { milestone: 'visit' }],
    ['跟进 王先生 试驾过了 很喜欢', { milestone: 'visit' }],
    ['跟进 王先生 昨天下午试驾', { milestone: 'visit' }],
    ['跟进 李娜 带客户看房了', { milestone: 'visit' }],
    ['跟进 李娜 今天看房了 两套都喜欢', { milestone: 'visit' }],
    ['跟进 张伟 交了定金', { milestone: 'deposit' }],
    ['跟进 张伟 付定金5000', { milestone: 'deposit' }],
    ['跟进 张伟 交2000订金', { milestone: 'deposit' }],
    ['跟进 张伟 定金已付', { milestone: 'deposit' }],
    ['跟进 张伟 已下定', { milestone: 'deposit' }],
    ['跟进 张伟 下定了 下周签合同', { milestone: 'deposit' }],
  ]);
});

describe('milestone: a future time or a plan word before it in its clause makes it a plan', () => {
  each([
    ['跟进 张伟 电话沟通，周末到店看样品，下周三回访', { milestone: null }],
    ['跟进 13912345678 微信发了户型图 客户说下周三来看房 意向升A', { milestone: null }],
    ['跟进 张伟 明天到店', { milestone: null }],
    ['跟进 张伟 后天来店看样品', { milestone: null }],
    ['跟进 张伟 本周五来店', { milestone: null }],
    ['跟进 张伟 月底上门量尺', { milestone: null }],
    ['跟进 张伟 3天后上门量尺', { milestone: null }],
    ['跟进 张伟 28号上门', { milestone: null }],
    ['跟进 张伟 计划下周量尺', { milestone: null }],
    ['跟进 王先生 打算周末试驾', { milestone: null }],
    ['跟进 王先生 下周六试驾', { milestone: null }],
    ['跟进 李娜 周日看房', { milestone: null }],
    ['跟进 李娜 客户想看房', { milestone: null }],
    ['跟进 张伟 客户准备周六来店', { milestone: null }],
    ['跟进 张伟 客户要来店', { milestone: null }],
    ['跟进 张伟 客户会来店 再看看', { milestone: null }],
    ['跟进 张伟 约了今天到店', { milestone: null }],
    ['跟进 张伟 今天下午到店', { milestone: null }],
    ['跟进 张伟 准备下定', { milestone: null }],
    ['跟进 张伟 将于周六下定', { milestone: null }],
    ['跟进 张伟 客户说周五交定金', { milestone: null }],
    ['跟进 张伟 要交定金', { milestone: null }],
  ]);
});

describe('milestone: a time word standing alone before a space governs the words after it', () => {
  each([
    ['跟进 张伟 电话沟通 周末 到店看样品 下周三回访', { milestone: null }],
    ['跟进 李娜 客户说 下周三 来看房', { milestone: null }],
    ['跟进 张伟 已经 上门量尺', { milestone: 'visit' }],
    ['跟进 张伟 昨天 到店看样品', { milestone: 'visit' }],
  ]);
});

describe('milestone: a bare mention in a follow-up reports what happened', () => {
  each([
    ['跟进 张伟 到店看样品', { milestone: 'visit' }],
    ['跟进 张伟 上门量尺 下周出图', { milestone: 'visit' }],
    ['跟进 张伟 交定金', { milestone: 'deposit' }],
  ]);
});

describe('milestone: talk about a deposit, or a decision, is not one', () => {
  each([
    ['跟进 张伟 问了定金政策', { milestone: null }],
    ['跟进 张伟 客户下定决心了', { milestone: null }],
    ['跟进 张伟 客户说来看房', { milestone: null }],
  ]);
});

describe('milestone: each clause is judged on its own', () => {
  each([
    ['跟进 张伟 今天上门量尺了，周末来店看样品', { milestone: 'visit', nextFollowUpAt: '2026-11-28' }],
    ['跟进 张伟 周末来店看样品，今天上门量尺了', { milestone: 'visit', nextFollowUpAt: '2026-11-28' }],
    ['跟进 张伟 明天再联系 今天到店了', { milestone: 'visit', nextFollowUpAt: '2026-11-25' }],
    ['跟进 张伟 到店看了样品 周六交定金', { milestone: 'visit' }],
    ['跟进 张伟 约了周六量尺 已经交了定金', { milestone: 'deposit' }],
  ]);
});

describe('method: how this contact happened; a visit only planned does not change it', () => {
  each([
    ['跟进 张伟 电话沟通，周末到店看样品，下周三回访', { method: 'phone' }],
    ['跟进 张伟 周末 到店看样品 电话沟通过', { method: 'phone' }],
    ['跟进 张伟 客户准备周六来店 微信聊了', { method: 'wechat' }],
    ['跟进 张伟 下周三到店', { method: null }],
    ['跟进 张伟 到店看样品', { method: 'store' }],
    ['跟进 张伟 今天到店了', { method: 'store' }],
    ['跟进 张伟 刚才到店', { method: 'store' }],
    ['跟进 张伟 上门量尺 下周出图', { method: 'visit' }],
  ]);
});

describe('today: 今天到店 reports the visit; a later part of the day or a plan makes it the next contact', () => {
  each([
    ['跟进 张伟 今天到店', { nextFollowUpAt: null, milestone: 'visit' }],
    ['跟进 张伟 今天下午到店', { nextFollowUpAt: '2026-11-24', milestone: null }],
    ['跟进 张伟 约了今天到店', { nextFollowUpAt: '2026-11-24', milestone: null }],
    ['跟进 张伟 今天下午到店了', { nextFollowUpAt: null, milestone: 'visit' }],
  ]);
});

describe('source: outside a registration, 刚才到店 is the visit, not only the walk-in channel', () => {
  each([
    ['跟进 张伟 刚才到店', { method: 'store', milestone: 'visit' }],
    ['报备 张伟 13812345678 刚才到店的', { source: 'walk_in', method: null, milestone: null }],
  ]);
});

describe('milestone: a plan written after the event word is still a plan', () => {
  each([
    ['跟进 王五 量尺约了周六', { milestone: null, method: null }],
    ['跟进 王五 试驾约在下周六', { milestone: null }],
    ['跟进 王五 量尺改到周四', { milestone: null }],
    ['跟进 王五 量尺时间定在周四', { milestone: null }],
    ['跟进 王五 到店看了样品 约了周六再来', { milestone: 'visit' }],
  ]);
});

describe('milestone: the aspect inside the words marks a visit (看过房了, 看了两次房)', () => {
  each([
    ['跟进 王五 看过房了 还在考虑', { milestone: 'visit' }],
    ['王五 看了两次房 很满意', { milestone: 'visit', command: 'followup' }],
    ['跟进 王先生 试过驾了', { milestone: 'visit' }],
    ['跟进 李娜 来过店 没买', { milestone: 'visit' }],
  ]);
});
