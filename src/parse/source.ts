import type { Source } from './types.js';
import type { Span } from './text.js';

/**
 * Source channels of domain.md. Earliest mention wins; at one position the first rule listed
 * wins, so 老客户介绍 is a referral rather than an existing customer. Words that are also
 * follow-up methods (微信, 电话, 到店) count only with a word that makes them a channel.
 */
const RULES: ReadonlyArray<readonly [Source, RegExp]> = [
  ['referral', /(?:朋友|亲友|亲戚|同事|邻居|熟人|家人|别人|老客户|老顾客|老客|客户)(?:转)?介绍|转介绍|介绍(?:来|过来)?的|老带新|(?:朋友|熟人|老客户|客户)推荐/g],
  ['existing_customer', /老客户|老顾客|回头客|老客(?!户)|复购|再次购买|二次购买/g],
  ['douyin', /抖音|抖店|\bdy\b/gi],
  ['xiaohongshu', /小红书|红书|\bxhs\b/gi],
  [
    'wechat',
    /朋友圈|公众号|视频号|微信群|(?:来源|渠道|通过|从)(?:是|为)?微信|微信(?:上|里)?(?:来的|过来|找来|咨询|引流|推广|渠道|来源|好友推)/g,
  ],
  ['phone_in', /来电|打电话(?:过)?来|打来电话|电话打(?:过)?来|打过来|电话打进来|打进来|电话进来|电话过来|热线|400电话/g],
  [
    'walk_in',
    /路过|自然(?:到店|进店|客)|自己(?:来的|进店|到店|找上门|上门)|找上门|进店|逛店|逛街|散客|(?:来店|到店)(?:的|客户|客人|咨询)|(?:昨天|前天|今天|刚刚?|刚才)(?:来店|到店)/g,
  ],
  ['exhibition', /展会|车展|房展|家博会|家具展|建博会|博览会|展销会|展览/g],
  // 电视柜 / 电视墙 are furniture, not the TV channel.
  ['ad', /广告|电视(?![柜机墙背架])|报纸|户外(?:广告|大屏|屏)?|传单|宣传单|海报|单页|广播|电台|灯箱|横幅/g],
  ['web', /网络|官网|百度|网上|网站|网页|线上|搜索引擎|汽车之家|懂车帝|易车|安居客|贝壳|链家|58同城|房天下/g],
];
/** A channel that is named but is none of the above. */
const OTHER = /快手|[Bb]站|哔哩哔哩|微博|美团|大众点评|闲鱼|淘宝|天猫|京东|拼多多|知乎|(?:来源|渠道)(?:是|为)?[:\s]*[^\s,;。]+/;

export interface SourceHit extends Span {
  source: Source;
}

export interface SourceReading {
  source: SourceHit | null;
  /** Every channel word: the pieces holding them say where the customer came from. */
  spans: Span[];
}

export function readSource(text: string): SourceReading {
  let best: SourceHit | null = null;
  const spans: Span[] = [];
  for (const [source, re] of RULES) {
    for (const m of text.matchAll(re)) {
      const hit = { source, start: m.index, end: m.index + m[0].length };
      spans.push(hit);
      if (best === null || hit.start < best.start) best = hit;
    }
  }
  const other = OTHER.exec(text);
  if (other) {
    const hit: SourceHit = { source: 'other', start: other.index, end: other.index + other[0].length };
    spans.push(hit);
    best ??= hit;
  }
  return { source: best, spans };
}
