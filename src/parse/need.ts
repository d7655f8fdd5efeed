import type { Span } from './text.js';

/**
 * The product need as written, without the words around it (parse.md): the verb that asks for
 * it (想看, 意向), who it is for and why (给儿子买, 公司采购), degree words (软一点的) and how much
 * was looked at (看了一圈). What remains is the thing wanted: 凯美瑞, GL8, 床垫.
 */
const CUE =
  /^(?:(?:意向|需求|产品|意向产品)(?:是|为)?|想看看|想看下|想看|想买|想要|想换|想订|想定|想了解|想做|想报|想学|想装|想配|(?:再|还|另)(?:买|要|看|订|定|配)|需要|看中了?|看好|喜欢|考虑|关注|咨询|打算买|打算|准备买|准备|要买|要看|要|买|看了看|看了|看|换|订|问了?|了解了?)/;
const BENEFICIARY =
  '(?:儿子|女儿|孩子|小孩|宝宝|老人|父母|爸妈|爸爸|妈妈|老爸|老妈|老婆|老公|爱人|媳妇|家里|家人|自己|公司|单位|朋友|亲戚|女朋友|男朋友|婆婆|公公|岳父母|老丈人|丈母娘|孙子|孙女|学生|员工)';
const PURPOSE = new RegExp(
  `^(?:(?:想|要|准备|打算)?(?:给|帮|替|为)${BENEFICIARY}?|(?:公司|单位|工厂|学校|酒店|门店|企业|店里|厂里|办公室)(?=采购|团购|集采|购买|买|要|订|定|换|配))(?:采购|团购|集采|购买|买|选|挑|看|订|定|换|配|装|报|办|上)?`,
);
/** 软一点的, 大一些的, 偏硬点的: how the thing should be, not the thing. */
const DEGREE = /^[\u4e00-\u9fa5]{0,4}?(?:一点|一些|点儿|点|些)(?:的)/;
/** 一圈, 几款, 好几家: how much was looked at. */
const AMOUNT = /^(?:了)?(?:一圈|一下|一遍|一眼|几款|几个|几家|好几款|好几家|两款|三款|几套|一些|各种|[一两几](?:套|张|台|辆|个|款|件|组|把)(?![房居室厅]))(?:的)?/;
/** Trailing words that belong to the sentence, not the product (床垫的事, 沙发这块). */
const TAIL = /(?:的事|这块|那块|方面|之类的?|什么的|等等|为主|比较多|的?(?:价格|价钱|报价|优惠|活动|政策|配置|情况|细节))$/;

/** Generic nouns that a named model outranks (给儿子买车 看凯美瑞 → 凯美瑞). */
const GENERIC = /^(?:新|二手|一辆|一台|一套|台|辆|套)?(?:车|车子|汽车|轿车|房|房子|房产|新房|家具|家私|保险|课|课程|东西|产品)$/;

/** The need inside `span` of `text`, or null when nothing is left of it. */
export function needSpan(text: string, span: Span): Span | null {
  let { start, end } = span;
  for (let round = 0; round < 4; round++) {
    const word = text.slice(start, end);
    const m = PURPOSE.exec(word) ?? CUE.exec(word) ?? DEGREE.exec(word) ?? AMOUNT.exec(word);
    if (!m || m[0].length === 0 || m[0].length >= word.length) break;
    start += m[0].length;
  }
  const tail = TAIL.exec(text.slice(start, end));
  if (tail && end - tail[0].length > start) end -= tail[0].length;
  return end > start ? { start, end } : null;
}

/** Length of the asking or purpose words a piece starts with (想看…, 给儿子买…), 0 when none. */
export function cueLength(word: string): number {
  return (PURPOSE.exec(word) ?? CUE.exec(word))?.[0].length ?? 0;
}

export function isGeneric(word: string): boolean {
  return GENERIC.test(word);
}
