import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('register: starts with 报备 / 登记 / 新客户 / 新增客户', () => {
  each([
    ['报备 张伟 13812345678 朝阳区 床垫', { command: 'register', name: '张伟' }],
    ['登记：王芳，13812345678，西湖区，沙发', { command: 'register', name: '王芳' }],
    ['登记一位客户 李先生 13812345678 看宋PLUS', { command: 'register', name: '李先生' }],
    ['新客户 赵小姐 13812345678 想看衣柜', { command: 'register', name: '赵小姐' }],
    ['新增客户：欧阳娜娜 13912345678 宝安区', { command: 'register', name: '欧阳娜娜' }],
    ['报备王先生13812345678看两房', { command: 'register', name: '王先生', phone: '13812345678', product: '两房' }],
  ]);
});

describe('register: with no command word, a person and a phone number', () => {
  each([
    ['张三丰 13812345678', { command: 'register', name: '张三丰', phone: '13812345678' }],
    ['钱总 0755-26668888 南山区 写字楼', { command: 'register', name: '钱总', phone: '075526668888' }],
    ['客户 李四 电话：13812345678 地址：海淀区中关村 想看床垫', { command: 'register', name: '李四', address: '海淀区中关村' }],
    ['13812345678 张三 朝阳区 床垫', { command: 'register', name: '张三', phone: '13812345678' }],
  ]);
});

describe('followup: 跟进 / 回访, or an existing lead with what happened', () => {
  each([
    ['跟进 王芳 微信聊了 下周五再约', { command: 'followup', name: '王芳' }],
    ['回访 陈先生 电话里说还在比较', { command: 'followup', name: '陈先生' }],
    ['王总 到店了', { command: 'followup', name: '王总' }],
    ['13800138000 已到店 看了样品', { command: 'followup', phone: '13800138000', name: null }],
    ['赵敏电话没接通', { command: 'followup', name: '赵敏' }],
    ['张伟 准备签约', { command: 'followup', name: '张伟' }],
  ]);
});

describe('a deposit is a follow-up with milestone deposit, not a deal', () => {
  each([
    ['李娜交了定金5000', { command: 'followup', name: '李娜', milestone: 'deposit', budget: null }],
    ['跟进 13800138000 交了2000订金', { command: 'followup', milestone: 'deposit' }],
    ['张伟 付了定金 下周签合同', { command: 'followup', milestone: 'deposit' }],
  ]);
});

describe('won: 成交 / 签单 / 签约', () => {
  each([
    ['成交 13800138000', { command: 'won', phone: '13800138000' }],
    ['签约 李娜', { command: 'won', name: '李娜' }],
    ['签单了：王先生', { command: 'won', name: '王先生' }],
    ['张伟签约了', { command: 'won', name: '张伟' }],
    ['跟进 王芳 已成交', { command: 'won', name: '王芳' }],
  ]);
});

describe('lost: 战败 / 流失 / 不买了 / 放弃, with the rest of the message as the reason', () => {
  each([
    ['战败：王芳，价格太高，已买别家', { command: 'lost', name: '王芳', lostReason: '价格太高，已买别家' }],
    ['陈静 流失 去了竞品', { command: 'lost', name: '陈静', lostReason: '去了竞品' }],
    ['放弃 王先生 嫌贵', { command: 'lost', name: '王先生', lostReason: '嫌贵' }],
    ['王芳 放弃了 太贵', { command: 'lost', name: '王芳', lostReason: '太贵' }],
    ['不买了 王芳 嫌远', { command: 'lost', name: '王芳', lostReason: '嫌远' }],
    ['跟进 王五 客户说不买了 家里人不同意', { command: 'lost', name: '王五', lostReason: '家里人不同意' }],
    ['战败 13800138000', { command: 'lost', phone: '13800138000', lostReason: null }],
  ]);
});

describe('query: 查 / 查询 / 搜 followed by a name or phone', () => {
  each([
    ['查一下王芳', { command: 'query', name: '王芳' }],
    ['查询 138 0013 8000', { command: 'query', phone: '13800138000' }],
    ['搜 王先生', { command: 'query', name: '王先生' }],
    ['搜索 张伟', { command: 'query', name: '张伟' }],
    ['查看张伟', { command: 'query', name: '张伟' }],
    ['查 13812345678', { command: 'query', phone: '13812345678', name: null }],
  ]);
});

describe('mine, pool and help', () => {
  each([
    ['我的客户', { command: 'mine' }],
    ['查看我的客户', { command: 'mine' }],
    ['公海', { command: 'pool' }],
    ['查看公海', { command: 'pool' }],
    ['帮助', { command: 'help' }],
    ['help', { command: 'help' }],
    ['怎么用', { command: 'help' }],
    ['?', { command: 'help' }],
  ]);
});

describe('anything else is unknown', () => {
  each([
    ['今天天气不错', { command: 'unknown', name: null }],
    ['好的收到', { command: 'unknown' }],
    ['谢谢', { command: 'unknown', name: null }],
    ['周末加班', { command: 'unknown', name: null }],
    ['', { command: 'unknown', name: null, phone: null }],
    ['王芳', { command: 'unknown' }],
  ]);
});

describe('an @-mention of the bot before the message changes nothing', () => {
  each([
    ['@线索助手 报备 张伟 13812345678 朝阳区 床垫', { command: 'register', name: '张伟', address: '朝阳区' }],
    ['@Bot 我的客户', { command: 'mine' }],
    ['@小助手 张伟 已到店', { command: 'followup', name: '张伟', 'extra.content': '已到店' }],
  ]);
});
