import { clauseAt, type Span } from './text.js';
import type { Command } from './types.js';

/**
 * Command words. A word at the start of the message decides the command; without one, an
 * outcome word anywhere (不买了, 成交了) or the shape of the message (a person and a phone →
 * register; a known lead plus what happened → follow-up) does.
 */
const LEADING: ReadonlyArray<readonly [Command, RegExp]> = [
  ['help', /^\s*\/?(?:帮助|help|怎么用|如何使用|使用说明|使用帮助|用法|菜单|指令)|^\s*[?]+\s*$/i],
  ['mine', /^\s*(?:查看|看看|看下|看一下|列出)?我的(?:意向)?(?:客户|线索|报备)/],
  ['pool', /^\s*(?:查看|看看|看下|看一下)?公海/],
  [
    'register',
    /^\s*(?:报备|登记|新客户|新增客户|新增|录入|新建客户|添加客户)(?:一(?:个|位|下)|个|下)?(?:新)?(?:客户|客人|意向客户)?\s*:?/,
  ],
  ['followup', /^\s*(?:跟进|回访|跟踪)(?:一下|记录)?\s*:?/],
  ['won', /^\s*(?:成交|签单|签约|成单)了?\s*:?/],
  ['lost', /^\s*(?:战败|流失|放弃|丢单|不买了)了?\s*:?/],
  ['query', /^\s*(?:查询|查找|查看|查一下|查下|查|搜索|搜一下|搜|找一下)\s*:?/],
];

export interface CommandWord extends Span {
  command: Command;
}

/** In a group chat the bot is @-mentioned first (@线索助手 报备 …). */
const MENTION = /^\s*(?:@\S+\s+)+/;

/** Where the message proper begins: after any @-mentions. */
export function bodyStartOf(text: string): number {
  return MENTION.exec(text)?.[0].length ?? 0;
}

export function leadingCommand(text: string, from = 0): CommandWord | null {
  const rest = text.slice(from);
  for (const [command, re] of LEADING) {
    const m = re.exec(rest);
    if (m) return { command, start: from, end: from + m[0].length };
  }
  return null;
}

const LOST = /战败|流失|不买了|不要了|不考虑了|放弃(?:购买|了)?|买了别家|选了别家|黄了|丢单/g;
const WON = /成交|签单|签约|成单|签了合同|签合同/g;
/** Before an outcome word in its clause: it has not happened (yet). */
const NOT_YET = /准备|打算|约|要|预计|计划|等|争取|希望|能|可以|会|快|还没|没|未|不|别|下周|明天|后天|周[一二三四五六日天]|号/;

function outcome(text: string, re: RegExp, from: number): Span | null {
  for (const m of text.matchAll(re)) {
    if (m.index < from) continue;
    const clause = clauseAt(text, m.index);
    const before = text.slice(clause.start, m.index);
    // 不买了 carries its own negation; the others must not be negated or planned.
    if (m[0] !== '不买了' && m[0] !== '不要了' && m[0] !== '不考虑了' && NOT_YET.test(before)) continue;
    return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

export function findLost(text: string, from = 0): Span | null {
  return outcome(text, LOST, from);
}

export function findWon(text: string, from = 0): Span | null {
  return outcome(text, WON, from);
}

/** Something happened with the lead: contact, a visit, a deposit, a reaction. */
export const ACTIVITY =
  /电话|打了|打过|没接|接了|拒接|微信|短信|上门|量尺|到店|来店|试驾|看房|看车|定金|订金|下定|沟通|联系|聊|谈|回复|反馈|报价|发了|加了|犹豫|考虑|满意|说|回访|跟进|看了|来了|去了|方案|进度|意向[升降]|签|下单|准备|打算|价格|优惠|砍价|对比|比较|问了|咨询|约了|安排/;
