import { describe, expect, it } from 'vitest';
import { parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('method: how the rep was in touch', () => {
  each([
    ['跟进 张伟 今天电话沟通了', { method: 'phone' }],
    ['跟进 郑强 电话没接 28号再打', { method: 'phone' }],
    ['跟进 13912345678 微信发了户型图', { method: 'wechat' }],
    ['跟进 赵敏 到店看了样品', { method: 'store' }],
    ['王总 来店了', { method: 'store' }],
    ['张伟 已经上门量尺了', { method: 'visit' }],
    ['回访 周杰 短信提醒了试驾活动', { method: 'sms' }],
    ['跟进 王芳 视频沟通了', { method: 'other' }],
    ['跟进 王芳 价格有点犹豫', { method: null }],
  ]);
});

describe('method: a contact only planned is not the method', () => {
  each([
    ['跟进 王芳 明天电话回访', { method: null }],
    ['跟进 王芳 还没到店 周六再约', { method: null }],
    ['登记 吴女士 13600136000 想看儿童床 后天到店', { method: null }],
  ]);
});

describe('milestone: what already happened, not what is planned', () => {
  each([
    ['张伟 已经上门量尺了', { milestone: 'visit' }],
    ['跟进 赵敏 到店看了样品', { milestone: 'visit' }],
    ['王芳 试驾了 很喜欢', { milestone: 'visit' }],
    ['跟进 王芳 今天带客户看房了', { milestone: 'visit' }],
    ['李娜交了定金5000', { milestone: 'deposit' }],
    ['张伟 付了定金', { milestone: 'deposit' }],
    ['王芳 已下定', { milestone: 'deposit' }],
    ['张伟 已量尺 也交定金了', { milestone: 'deposit' }],
    ['跟进 13912345678 客户说下周三来看房', { milestone: null }],
    ['回访 周杰 短信提醒了试驾活动 本周六试驾', { milestone: null }],
    ['跟进 王芳 还没到店', { milestone: null }],
    ['跟进 王芳 约了周六量尺', { milestone: null }],
    ['跟进 王芳 明天交定金', { milestone: null }],
    ['跟进 张伟 电话联系了 客户下午到店', { milestone: null, method: 'phone' }],
    ['跟进 张伟 今天下午到店了', { milestone: 'visit' }],
    ['回访 王先生 已试驾 意向升H', { milestone: 'visit', level: 'H' }],
  ]);
});

describe('follow-up content: the text left after the lead is named', () => {
  each([
    ['跟进 张伟 今天电话沟通了 价格有点犹豫 明天再联系', { 'extra.content': '今天电话沟通了 价格有点犹豫 明天再联系' }],
    ['跟进 13912345678 微信发了户型图', { 'extra.content': '微信发了户型图' }],
    ['张伟 已经上门量尺了 3天后出方案', { 'extra.content': '已经上门量尺了 3天后出方案' }],
    ['跟进，王芳，客户比较满意，下周再约', { 'extra.content': '客户比较满意，下周再约' }],
    ['签单了 吴女士', { 'extra.content': null }],
  ]);
});

describe('progress: 进度60% → 60', () => {
  each([
    ['跟进 张伟 进度60% 明天下午3点再打', { 'extra.progress': 60 }],
    ['跟进 张伟 完成80%', { 'extra.progress': 80 }],
    ['跟进 张伟 电话沟通了', { 'extra.progress': null }],
  ]);
});
