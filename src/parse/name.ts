import { COMPOUND_SURNAMES, SURNAMES, TITLED_ONLY_SURNAMES } from './surnames.js';
import { isHan, isSep, pieces, type Span } from './text.js';
import type { Gender } from './types.js';

/**
 * Customer names: a full name (张伟, 黄小明, 欧阳娜娜), a surname with a title (王先生, 刘总,
 * 赵姐), or 小王 / 老李. When the name is glued to what follows (李娜交了定金), the given name
 * stops where a word the rep would write next begins.
 */
const TITLES = ['先生', '女士', '小姐', '老师', '阿姨', '叔叔', '大哥', '大姐', '老板', '经理', '师傅', '太太', '总', '姐', '哥', '叔'];
/** Titles that make any character a surname (覃先生, 訾女士). */
const STRONG_TITLES = new Set(['先生', '女士', '小姐']);
const TITLE_GENDER: Record<string, Gender> = { 先生: 'male', 女士: 'female', 小姐: 'female' };

/** What may begin right after a name: it cannot be part of the given name. */
const BOUNDARY = new RegExp(
  '^(?:' +
    [
      '[了的说已交在住要想看买不和跟也还又再是都约打这那很对有没去来到从把被给让叫等嫌觉问就挺太试量聊谈回订付下]',
      '刚刚|刚才|刚到|刚来|刚交|刚签|刚付',
      '上门|上午|上周|正在|一直|最近|开始|发了|加了',
      '今天|明天|明早|明晚|明年|后天|昨天|前天|下周|下个|下午|上午|中午|晚上|早上|下定|定金|订金|定了',
      '电话|微信|短信|上门|量尺|到店|来店|进店|试驾|签单|签约|成交|成单|战败|流失|放弃|回访|跟进',
      '女|男|先生|女士|小姐|客户|预算|意向|地址|手机|号码|电|比较|非常|目前|现在|今|周[一二三四五六日末]',
    ].join('|') +
    ')',
);

/** Words that begin with a surname character but are not names. */
const NOT_NAMES = new Set(
  (
    '周末 周一 周二 周三 周四 周五 周六 周日 周天 周边 周年 高端 高档 高兴 江景 万达 金额 方案 安装 成本 成交 时间 ' +
    '向前 于是 白色 黄色 金色 石材 林地 温度 龙头 钱包 许多 余额 程序 苏州 江苏 杭州 常州 ' +
    '沈阳 贺卡 韩式 欧式 美式 马上 马桶 关于 关注 朱红 雷达 景观 史上 武汉 齐全 戴上 宁波 ' +
    '谢谢 谢了 汤池 陆续 孙子 叶子 夏天 秦皇岛 杨浦 黄浦 徐汇 吴中 金山 石家庄 毛坯 任何 陶瓷 程度'
  ).split(' '),
);

export interface NameHit extends Span {
  name: string;
  gender: Gender | null;
}

function surnameAt(text: string, at: number): number {
  if (COMPOUND_SURNAMES.has(text.slice(at, at + 2))) return 2;
  return SURNAMES.has(text[at] ?? '') ? 1 : 0;
}

function titleAt(text: string, at: number): string | null {
  for (const t of TITLES) {
    if (text.startsWith(t, at)) {
      // 总价 / 总共 are not 王总.
      if (t === '总' && /[价共部额计体]/.test(text[at + 1] ?? '')) return null;
      return t;
    }
  }
  return null;
}

function givenCharAt(text: string, at: number): boolean {
  return isHan(text[at]) && !BOUNDARY.test(text.slice(at));
}

/**
 * The name beginning exactly at `at`, or null. With `whole`, the name must fill the piece up to
 * the next separator (used where a stray word would otherwise pass for a name).
 */
export function nameAt(text: string, at: number, whole = false): NameHit | null {
  const hit = pieceName(text, at) ?? rawNameAt(text, at);
  if (!hit) return null;
  if (NOT_NAMES.has(hit.name) || NOT_NAMES.has(hit.name.slice(0, 2))) return null;
  if (whole && !(hit.end >= text.length || isSep(text[hit.end]))) return null;
  return hit;
}

/** Never the last character of a name standing on its own (张伟说, 张伟男). */
const NOT_NAME_END = /[了的吗呢吧啦呀么说男女]$/;

/**
 * A piece of two or three characters that starts with a surname is a name as a whole, even
 * when its given name uses a character that usually begins a word (李想, 李刚, 王有才).
 */
function pieceName(text: string, at: number): NameHit | null {
  const s = surnameAt(text, at);
  if (s === 0 || (at > 0 && !isSep(text[at - 1]))) return null;
  let end = at;
  while (end < text.length && !isSep(text[end])) end++;
  const len = end - at;
  if (len < s + 1 || len > s + 2) return null;
  const piece = text.slice(at, end);
  for (const ch of piece) if (!isHan(ch)) return null;
  if (NOT_NAME_END.test(piece) || titleAt(text, at + s) !== null) return null;
  return { start: at, end, name: piece, gender: null };
}

function rawNameAt(text: string, at: number): NameHit | null {
  // 小王 / 老李
  if ((text[at] === '小' || text[at] === '老') && SURNAMES.has(text[at + 1] ?? '')) {
    return { start: at, end: at + 2, name: text.slice(at, at + 2), gender: null };
  }
  const s = surnameAt(text, at);
  const strong = isHan(text[at]) ? titleAt(text, at + 1) : null;
  if (s === 0) {
    if (strong && (STRONG_TITLES.has(strong) || TITLED_ONLY_SURNAMES.has(text[at] ?? ''))) {
      return { start: at, end: at + 1 + strong.length, name: text.slice(at, at + 1 + strong.length), gender: TITLE_GENDER[strong] ?? null };
    }
    return null;
  }
  const title = titleAt(text, at + s);
  if (title) {
    const end = at + s + title.length;
    return { start: at, end, name: text.slice(at, end), gender: TITLE_GENDER[title] ?? null };
  }
  if (!givenCharAt(text, at + s)) return null;
  let end = at + s + 1;
  if (givenCharAt(text, end)) end++;
  return { start: at, end, name: text.slice(at, end), gender: null };
}

/** A name anywhere in a short piece of text, for pieces such as 客户赵敏 or 姓名:李娜. */
const NAME_LABEL = /(?:客户|姓名|名字|客人|顾客|叫)(?:是|为|叫)?\s*:?\s*/g;

export function labelledName(text: string): NameHit | null {
  for (const m of text.matchAll(NAME_LABEL)) {
    const hit = nameAt(text, m.index + m[0].length);
    if (hit) return hit;
  }
  return null;
}

const GENDER_WORD = /(?:^|[\s,、;:(（])(?:性别\s*:?\s*)?(男|女|先生|小姐)(?:士|性|生|的)?(?=$|[\s,、;:)）。])|性别\s*:?\s*(男|女)/;

export interface GenderHit extends Span {
  gender: Gender;
}

/** 男 / 女 written on their own (not 女儿, 男朋友). */
export function findGender(text: string): GenderHit | null {
  const m = GENDER_WORD.exec(text);
  if (!m) return null;
  const word = m[1] ?? m[2];
  const start = m.index + (/^[\s,、;:(（]/.test(m[0]) ? 1 : 0);
  return { start, end: m.index + m[0].length, gender: word === '男' || word === '先生' ? 'male' : 'female' };
}

/** A piece that is exactly a surname with a title (来电 13812345678 李先生): a name wherever it stands. */
export function titledName(text: string, from: number): NameHit | null {
  for (const piece of pieces(text, from)) {
    const hit = nameAt(text, piece.start, true);
    if (hit && TITLES.some((t) => hit.name.endsWith(t))) return hit;
  }
  return null;
}
