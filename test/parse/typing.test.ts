import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('polite filler and @-mentions before a command word', () => {
  each([
    ['帮我查下张姐', { command: 'query', name: '张姐' }],
    ['帮我查一下 王建国', { command: 'query', name: '王建国' }],
    ['麻烦登记一下 王先生 13899990000 沙发', { command: 'register', name: '王先生', phone: '13899990000', product: '沙发' }],
    ['你好 报备 张伟 13812345678 朝阳区 床垫', { command: 'register', name: '张伟', address: '朝阳区' }],
    ['请帮忙跟进 李娜 电话没接', { command: 'followup', name: '李娜', method: 'phone' }],
    ['@线索助手 公海', { command: 'pool' }],
    ['@线索助手 帮我看看公海', { command: 'pool' }],
    ['@Bot @线索助手 我的客户', { command: 'mine' }],
  ]);
});

describe('slips of the thumb count as the word meant', () => {
  each([
    ['根进 刘女士 电话沟通了 她想再便宜一点 周五再联系', { command: 'followup', name: '刘女士', nextFollowUpAt: '2026-11-27' }],
    ['跟近 张伟 微信聊了', { command: 'followup', name: '张伟', method: 'wechat' }],
    ['回放 张伟 电话没接', { command: 'followup', name: '张伟' }],
    ['报被 张伟 13812345678 床垫', { command: 'register', name: '张伟', product: '床垫' }],
    ['我得客户', { command: 'mine' }],
  ]);
});

describe('a message that is only a phone number asks whether it is taken', () => {
  each([
    ['13812345678', { command: 'query', phone: '13812345678', name: null }],
    ['138-1234-5678', { command: 'query', phone: '13812345678' }],
    ['13812345678？', { command: 'query', phone: '13812345678' }],
    ['13812345678 有人报过吗', { command: 'query', phone: '13812345678' }],
    ['13812345678 已到店', { command: 'followup', phone: '13812345678' }],
  ]);
});

describe('questions about the bot itself are help', () => {
  each([
    ['这个怎么用', { command: 'help' }],
    ['怎么报备？', { command: 'help' }],
    ['你能做什么', { command: 'help' }],
    ['怎么用', { command: 'help' }],
  ]);
});
