import { clauseAt, type Span } from './text.js';

/**
 * Outcome words: only these close a lead. Hesitation (先不考虑了, 过段时间再说, 乳胶枕不要了) is
 * a follow-up, and so is a deposit. Besides the command words, each trade has its own word for a
 * closed sale (提车 / 交车 for cars, 网签 / 签合同 for homes, 付全款) and reps say plainly when a
 * customer is gone (黄了, 没戏了, 不报了, 在别家买了).
 */
const ELSEWHERE = '(?:别家|别处|别的店|别的地方|其他家|其它家|竞品|同行|对手)';
const BUY = '(?:买|定|订|下定|下了定|签|提车|成交|下单|报名?|选|用)';
const LOST = new RegExp(
  [
    '战败',
    '流失',
    '丢单',
    '放弃(?:购买|了)?',
    '不(?:买|报|报名|学|装|装修|投|投保|签|做)了',
    '黄了(?!解)',
    '没戏了?',
    `(?:已经?)?${BUY}了?${ELSEWHERE}(?:的)?`,
    // 别家买的便宜 compares prices: elsewhere-then-verb needs 了 or 已 to be a purchase.
    `已经?(?:在|去|到|从)?${ELSEWHERE}(?:那边|那里|那儿)?${BUY}了?`,
    `(?:在|去|到|从)?${ELSEWHERE}(?:那边|那里|那儿)?(?:已经?)?${BUY}了`,
  ].join('|'),
  'g',
);
const WON = /(?:成交|签单|签约|成单|网签|提车|交车)(?![价费率量额])|(?:购房|购车|买卖|装修|正式)?合同(?:已经?|也)?签(?:了|完|好)|签(?:了|完|好)?[\u4e00-\u9fa5]{0,4}?合同|(?:付|交|打|结)(?:了|完|清)?全款|全款(?:已经?(?:付|交|结)(?:了|清|完)?|(?:付|交|结)(?:了|清|完))/g;

/** Before an outcome word in its clause: it has not happened (yet), or is only talk about it. */
const NOT_YET_BEFORE =
  /准备|打算|约|要|预计|计划|等|争取|希望|能|可以|会|快|还没|没|未|不|别|想|再|马上|即将|将|下周|明天|后天|周[一二三四五六日天末]|号|是否|如果|考虑/;
/** Hesitation words that make 不买了 a pause rather than an ending (先不买了, 暂时不报了). */
const FOR_NOW = /先(?!生)|暂时|暂|目前|今年|这个月|这段时间/;
/** After the word: a plan for it (提车约在周六, 网签定在下周, 签约改到周四) or a question. */
const NOT_YET_AFTER = /^(?:的?(?:时间|日期|手续))?(?:约|定在|定了|改|安排|预计|计划|推|延|还没|没|未|吗|了吗|呢|\?)/;

function find(text: string, re: RegExp, from: number, negated: boolean): Span | null {
  for (const m of text.matchAll(re)) {
    if (m.index < from) continue;
    const clause = clauseAt(text, m.index);
    const before = text.slice(clause.start, m.index);
    const after = text.slice(m.index + m[0].length, clause.end);
    // 不买了 carries its own negation; the others must not be negated or planned.
    if (negated && m[0].startsWith('不') ? FOR_NOW.test(before) : NOT_YET_BEFORE.test(before)) continue;
    if (NOT_YET_AFTER.test(after)) continue;
    return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

export function findLost(text: string, from = 0): Span | null {
  return find(text, LOST, from, true);
}

export function findWon(text: string, from = 0): Span | null {
  return find(text, WON, from, false);
}
