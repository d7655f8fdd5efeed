import { parseNumber } from './numerals.js';
import type { Span } from './text.js';
import type { TimeHit } from './timeOfDay.js';
import type { VisitKind } from './types.js';

/**
 * A reception logs one walk-in party or one phone call, as the showroom's 来店(电)顾客登记表 does:
 * how it came in, how many people, when they came and left, whether they left contact details
 * and whether they ordered on the spot. Every party counts, with or without a phone.
 */
export interface ReceptionReading {
  visitKind: VisitKind;
  groupSize: number | null;
  inAt: string | null;
  outAt: string | null;
  contactLeft: boolean | null;
  ordered: boolean | null;
  /** The words read here, so they are not taken for an address, a product or the note. */
  spans: Span[];
}

const PHONE_IN = /来电|打电话来|打来电话|电话打来|电话咨询|电话进来|打进来|电话过来|致电/;
const N = '(\\d{1,2}|[一二两三四五六七八九十]{1,2})';
const COUNT = new RegExp(`${N}\\s*(?:个)?(?:人|位|名|口人)(?![民员家气工力])`);
const FAMILY = new RegExp(`一家${N}口`);
const PAIR = /夫妻|夫妇|两口子|小两口|老两口|俩口子|情侣|母女|母子|父子|父女|姐妹|兄弟|婆媳|姐弟|兄妹|闺蜜/;
const WITH = new RegExp(`带(?:着)?(?:了)?${N}?(?:个)?(?:孩子|小孩|宝宝|儿子|女儿|老人|朋友|家人)`);
const ALONE = /一个人|独自|单独一人|单人|自己一个/;
const CONTACT = '(?:电话|手机|号码|联系方式|微信|vx|wx)';
const REFUSE = '(?:没|未|不肯|不愿意?|拒绝|没有|不)';
const NOT_LEFT = new RegExp(`${REFUSE}(?:留下?|留了)${CONTACT}?|${REFUSE}(?:给|加)(?:了)?${CONTACT}|${CONTACT}(?:没|不肯|不愿意?)(?:留|给)`, 'i');
const LEFT = /留(?:了|下)(?:电话|手机|号码|联系方式|微信)?|留(?:电话|手机|号码|联系方式|微信)|加(?:了|上)?(?:微信|vx|wx|企微|好友)|(?:电话|微信|联系方式)(?:已)?留(?:了|下)/i;
const ORDERED =
  /(?:现场|当场|当天|当即|直接)(?:就)?(?:下定|下单|订购|订了|定了|定下|成交|签单|签约|买了|购买|交了?定金|付了?定金|交了?订金|付了?订金)/;
const LEAVE = /^\s*(?:走|离开|离店|出店|结束|挂)/;

function firstMatch(re: RegExp, text: string, spans: Span[]): RegExpExecArray | null {
  const m = re.exec(text);
  if (m) spans.push({ start: m.index, end: m.index + m[0].length });
  return m;
}

function groupSizeOf(text: string, spans: Span[]): number | null {
  const family = firstMatch(FAMILY, text, spans);
  if (family) return parseNumber(family[1] ?? '');
  const count = firstMatch(COUNT, text, spans);
  if (count) return parseNumber(count[1] ?? '');
  const pair = firstMatch(PAIR, text, spans);
  if (pair) {
    const withWho = firstMatch(WITH, text, spans);
    return 2 + (withWho ? (parseNumber(withWho[1] ?? '一') ?? 1) : 0);
  }
  return firstMatch(ALONE, text, spans) ? 1 : null;
}

/** `text` is the working text with the command word and phones blanked; `times` its clock times. */
export function readReception(text: string, commandWord: string, hasPhone: boolean, times: readonly TimeHit[]): ReceptionReading {
  const spans: Span[] = [];
  const visitKind: VisitKind = PHONE_IN.test(commandWord) || PHONE_IN.test(text) ? 'phone_in' : 'walk_in';
  const groupSize = visitKind === 'walk_in' ? groupSizeOf(text, spans) : null;

  let inAt: string | null = null;
  let outAt: string | null = null;
  for (const t of times) {
    spans.push(t);
    if (t.rangeEnd) {
      inAt ??= t.time;
      outAt ??= t.rangeEnd;
    } else if (LEAVE.test(text.slice(t.end, t.end + 3))) outAt ??= t.time;
    else inAt ??= t.time;
  }

  // 没留电话 holds 留电话: the refusal is read first and blanked before looking for a left contact.
  const refused = firstMatch(NOT_LEFT, text, spans);
  const rest = refused ? text.slice(0, refused.index) + ' '.repeat(refused[0].length) + text.slice(refused.index + refused[0].length) : text;
  const left = firstMatch(LEFT, rest, spans);
  const contactLeft = hasPhone || left ? true : refused ? false : null;
  const ordered = firstMatch(ORDERED, text, spans) ? true : null;
  return { visitKind, groupSize, inAt, outAt, contactLeft, ordered, spans };
}
