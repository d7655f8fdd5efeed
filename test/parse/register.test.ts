import { describe, expect, it } from 'vitest';
import { NOW, parse, pick, type Case } from './helpers.js';

function each(cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
}

describe('address: the place as written, without 住 / 在 / 地址', () => {
  each([
    ['报备 张伟 13812345678 朝阳区望京花园 想看床垫', { address: '朝阳区望京花园' }],
    ['新客户：李娜，女，139-1234-5678，住浦东新区碧云社区，意向两房', { address: '浦东新区碧云社区' }],
    ['客户赵敏 女 电话13700137000 地址天河区珠江新城 想买乳胶床垫', { address: '天河区珠江新城' }],
    ['报备 张伟 手机号：13800138000 家住碧桂园 要一套沙发', { address: '碧桂园' }],
    ['新客户 王小姐 13812345678 住在万科城 需要衣柜', { address: '万科城' }],
    ['报备 张伟 13800138000 地址：万达广场3号楼 床垫', { address: '万达广场3号楼' }],
    ['报备、王芳、13812345678、杭州市西湖区文三路、沙发', { address: '杭州市西湖区文三路' }],
    ['报备 张伟 13812345678 在南山区科技园上班 想看两房', { address: '南山区科技园上班' }],
    ['报备 张伟 13812345678 住望京那边 床垫', { address: '望京' }],
    ['报备 张伟 13812345678 望京 床垫', { address: '望京', product: '床垫' }],
    ['报备 张伟 13812345678 床垫', { address: null }],
    ['报备 张伟 13812345678 地址是朝阳区 意向是两房', { address: '朝阳区', product: '两房' }],
    ['报备 张伟 13812345678 住址为海淀区 需求是床垫', { address: '海淀区', product: '床垫' }],
  ]);
});

describe('product: the need as written, without 想看 / 意向 / 看', () => {
  each([
    ['报备 张伟 13812345678 想看床垫', { product: '床垫' }],
    ['新客户：李娜，13912345678，意向两房', { product: '两房' }],
    ['登记 王先生 18600001111 看瑞虎8', { product: '瑞虎8' }],
    ['刘总 0571-88886666 滨江区 办公家具 展会认识的', { product: '办公家具' }],
    ['报备 张伟 13812345678 想买乳胶床垫', { product: '乳胶床垫' }],
    ['报备 郑强 15011112222 想换大床', { product: '大床' }],
    ['报备 周迅 13812345678 想看三室两厅', { product: '三室两厅' }],
    ['新增客户 孙先生 13800138000 看Model Y 预算25万', { product: 'Model Y' }],
    ['报备 张伟 13812345678 看凯美瑞 预算20w', { product: '凯美瑞' }],
    ['报备 张伟 13812345678 全屋定制', { product: '全屋定制' }],
    ['登记 张伟 13812345678 朝阳区 宝马X5 30万左右 车展 下周二试驾', { address: '朝阳区', product: '宝马X5' }],
    ['报备 张伟 13812345678 碧桂园凤凰城 三房 200万', { address: '碧桂园凤凰城', product: '三房' }],
    ['报备 张伟 13812345678 望京SOHO 办公桌', { address: '望京SOHO', product: '办公桌' }],
  ]);
});

describe('a registration keeps phrases of date, source and level out of address and product', () => {
  each([
    ['报备 陈静 15900001234 海淀区 预算2-3万 小红书 B级 周五回访', { address: '海淀区', product: null }],
    ['登记 吴女士 13600136000 预算5k 电梯广告看到的 想看儿童床 后天到店', { address: null, product: '儿童床' }],
    ['报备 郑强 男 15011112222 老客户 复购 想换大床 H级', { address: null, product: '大床' }],
    ['报备 张伟 13812345678 朝阳区 床垫 抖音 A级 客户比较看重环保', { product: '床垫', 'extra.content': '客户比较看重环保' }],
    ['报备：孙先生，18912341234，江宁区，看三房，不急，明年再说', { address: '江宁区', product: '三房' }],
  ]);
});

describe('first contact: a stated past contact (昨天来店 → yesterday)', () => {
  each([
    ['王五 13812345678 昨天来店 看沙发', { 'extra.firstContactAt': '2026-11-23' }],
    ['报备 张伟 13812345678 前天打电话来咨询的 床垫', { 'extra.firstContactAt': '2026-11-22' }],
    ['报备 张伟 13812345678 今天到店的', { 'extra.firstContactAt': '2026-11-24' }],
    ['报备 张伟 13812345678 床垫', { 'extra.firstContactAt': null }],
  ]);
  it('is counted from the reference day', () => {
    expect(parse('报备 张伟 13812345678 昨天来店', NOW).extra.firstContactAt).toBe('2026-11-23');
  });
});

describe('a rep the customer asked for is theirs, not the customer’s name', () => {
  each([
    ['报备 赵六 13812345678 指定找小王 看沙发', { name: '赵六', 'extra.namedRep': '小王' }],
    ['报备 钱七 13812345678 点名要张三 看沙发', { name: '钱七', 'extra.namedRep': '张三' }],
    ['报备 张伟 13812345678 客户要求小李接待 床垫', { 'extra.namedRep': '小李', address: null, product: '床垫' }],
    ['来电 13812345678 李先生 找小刘的', { name: '李先生', 'extra.namedRep': '小刘' }],
    ['报备 张伟 13812345678 床垫', { 'extra.namedRep': null }],
  ]);
});

describe('store: a named store', () => {
  each([
    ['报备 孙八 13812345678 万达店 看沙发', { 'extra.store': '万达店' }],
    ['报备 孙八 13812345678 路过进店的', { 'extra.store': null }],
    ['报备 孙八 13812345678 后天到店', { 'extra.store': null }],
  ]);
});
