import type { Span } from './text.js';
import type { Command } from './types.js';

/**
 * Command words. A word at the start of the message decides the command; without one, an
 * outcome word anywhere (不买了, 提车了) or the shape of the message (a person and a phone →
 * register; a known lead plus what happened → follow-up) does.
 *
 * Reps type on a phone with a pinyin keyboard, so the homophone slips that keyboard makes for
 * the command words (根进 / 跟近 for 跟进, 回放 for 回访, 报被 for 报备, 我得 for 我的) are read
 * as the word meant: at the start of a message they cannot mean anything else.
 */
const LEADING: ReadonlyArray<readonly [Command, RegExp]> = [
  ['help', /^\/?(?:帮助|help|怎么用|如何使用|使用说明|使用帮助|用法|菜单|指令|能做什么|怎么报备)|^[?]+\s*$/i],
  ['mine', /^(?:查看|看看|看下|看一下|列出|查下|查一下)?我[的得滴地](?:意向)?(?:客户|线索|报备)/],
  ['pool', /^(?:查看|看看|看下|看一下|查查|查下|查一下|查一查|查|搜一下|搜|看)?公海/],
  [
    'register',
    /^(?:报备|报被|报贝|保备|登记|登机|新客户|新增客户|新增|录入|新建客户|添加客户)(?:一(?:个|位|下)|个|下)?(?:新)?(?:客户|客人|意向客户)?\s*:?/,
  ],
  ['followup', /^(?:跟进|根进|跟近|跟尽|回访|回放|会访|跟踪)(?:一下|下|记录)?\s*:?/],
  ['reception', /^(?:来店|进店|到店接待|到店登记|来电|接待|来访)(?:登记|接待|客户|顾客|客人)?\s*:?/],
  ['won', /^(?:成交|签单|签约|成单)了?\s*:?/],
  ['lost', /^(?:战败|流失|放弃|丢单|不买了)了?\s*:?/],
  ['query', /^(?:查询|查找|查看|查一下|查一查|查下|查查|查|搜索|搜一下|搜|找一下)\s*:?/],
];

export interface CommandWord extends Span {
  command: Command;
}

/** In a group chat the bot is @-mentioned first (@线索助手 报备 …). */
const MENTION = /^\s*(?:@\S+\s*)+/;
/**
 * Politeness and asides a rep puts before the command word (帮我查下, 麻烦登记一下, 你好 报备):
 * they are skipped only when a command word follows them.
 */
const FILLER =
  /^(?:\s|[,.!~]|你好|您好|哈喽|hi|hello|在吗|麻烦(?:你|您)?|请(?:你|您)?|帮(?:我|忙)?|给我|替我|我(?:要|想|来)|想|要|再|先|能不能|能否|可以|可否|一下)+/i;

/** Where the message proper begins: after any @-mentions. */
export function bodyStartOf(text: string): number {
  return MENTION.exec(text)?.[0].length ?? 0;
}

function wordAt(text: string, from: number): CommandWord | null {
  const rest = text.slice(from);
  for (const [command, re] of LEADING) {
    const m = re.exec(rest);
    if (m) return { command, start: from, end: from + m[0].length };
  }
  return null;
}

export function leadingCommand(text: string, from = 0): CommandWord | null {
  let at = from;
  while (at < text.length && text[at] === ' ') at++;
  const direct = wordAt(text, at);
  if (direct) return direct;
  const filler = FILLER.exec(text.slice(at));
  if (!filler) return null;
  const after = wordAt(text, at + filler[0].length);
  return after ? { ...after, start: at } : null;
}

/** A short question about the bot itself (这个怎么用, 怎么报备啊) asks for help wherever it stands. */
const HELP_QUESTION =
  /^.{0,8}?(?:(?:怎么|如何|怎样)(?:用|使用|操作|报备|登记|跟进|回访|查|查询|录入|添加|新增|成交|战败|记录)|能做什么|可以做什么|有什么功能|有哪些功能|用法|教程)[?？吗呢啊呀]*$/;

export function isHelpQuestion(text: string): boolean {
  return text.length <= 20 && HELP_QUESTION.test(text.trim());
}
