import { ACTIVITY } from './activity.js';
import { nameAt, type NameHit } from './name.js';
import { cueLength, isGeneric, needSpan } from './need.js';
import { overlaps, pieces, type Span } from './text.js';

/**
 * Address and product need in a registration. What is left of the message once the phone,
 * budget, dates, source, level and the customer's name are taken is cut into pieces; a piece
 * is a place or a product by its cue words (住/地址…, 想看/意向…) or by its own words (…区,
 * 小区, 花园 / 床垫, 两房, 瑞虎8, 私教课). Pieces that say neither fill the empty fields in the
 * usual order of a 报备 (address, then product), but only a piece that could name a place is
 * taken for one: counts (3台), purchase words (首套), relations (老业主) never are. Anything
 * beyond is the note.
 */
const ADDRESS_CUE = /^(?:(?:家庭|现)?住址|地址|家住在?|住在|现住(?:在)?|家在|住|位于|在)(?:是|为|在)?/;
const PLACE =
  /省|市|区|县|镇|乡|村|街道|大街|街|路|巷|弄|胡同|小区|花园|社区|新村|家园|公寓|大厦|广场|苑|庭|府|湾|城|坊|园|公馆|新城|中心|开发区|\d+号|\d+栋|\d+幢|单元|\d+室|\d+楼|附近/;
/** Product words of the trades the bot serves: furniture, homes, decoration, cars, lessons, insurance. */
const PRODUCT_WORD = new RegExp(
  [
    '床|垫|沙发|柜|桌|椅|凳|茶几|家具|家私|窗帘|灯|橱|榻榻米|软装|定制|地板|瓷砖|卫浴|床品|枕|书架|衣帽间|全屋',
    '房|居|平层|别墅|洋房|商铺|写字楼|户型|平米|㎡|平方|复式|跃层|车位|叠拼|联排|独栋|期房|现房|loft',
    '装修|全包|半包|整装|翻新|改造|硬装|吊顶|水电|防水|局改|精装',
    '车|SUV|MPV|轿车|新能源|混动|电动|皮卡',
    '课|班|培训|辅导|钢琴|古筝|吉他|小提琴|舞蹈|英语|数学|编程|美术|书法|围棋|家教|托管|早教|口才|考研|雅思|托福|私教|年卡|会员|游泳|跆拳道|乐高',
    '险|保单|重疾|年金|理财|教育金|养老金|储蓄',
    '款|型号|系列|套餐',
  ].join('|'),
  'i',
);
/** A flat kind written before 公寓 makes it the home wanted, not where they live. */
const PRODUCT_HOME = /(?:loft|酒店式|精装|单身|商住|人才|小)公寓$/i;
const HOME = /^[\u4e00-\u9fa5]{0,3}公寓$/;
const MODEL = /[\u4e00-\u9fa5]{1,4}\s?\d{1,3}(?!\d)|[A-Za-z]+\s?\d+|PLUS|Pro|Max|Model/i;
const LABEL = /^(?:(地址|住址|家庭住址|现住址|小区|位置|区域)|产品|意向产品|需求|意向|车型|户型|型号|款式)$/;
/** A piece that tells what happened or what the customer thinks is a note, not a place or a need. */
const SAYS_SOMETHING = new RegExp(`${ACTIVITY.source}|了|过|已|想|要|在|再|很|比较|有点|不`);
/** Never a place: counts, purchase words, relations, periods (parse.md, what fields must not swallow). */
const NOT_PLACE =
  /\d|[一二两三四五六七八九十几多][台套辆张个件只位人次口间把款批组家箱份]|首套|二套|首付|全款|贷款|分期|按揭|刚需|改善|二胎|三胎|婚房|婚用|自住|投资|出租|学区|置换|增购|换购|业主|老客|回头客|家长|孩子|儿子|女儿|老人|宝宝|父母|夫妻|老公|老婆|同事|朋友|亲戚|邻居|左右|上下|岁|^[年月季]|采购|团购|公司|单位/;
/** A piece with no place word of its own is a place name only if it holds no verb or time word. */
const NOT_PLACE_NAME = /[来去看买问说要想给发打聊约等还没不了过吗呢吧很太再也就都会能让把被跟和与及或]|的$|一点|一些|今天|明天|后天|下周|下个?月|月底|周末|年底|以后|之前|现在|马上/;
const FILLER = /^(?:客户|客人|顾客|一个|一位|的|了|是|新|意向客户|[两三四五几]个(?:新)?客户|[两三四五几]位(?:新)?客户)$/;
const PLACE_TAIL = /(?:附近|那边|这边|一带|周边|那块|旁边)$/;

export interface Profile {
  address: Span | null;
  product: Span | null;
  notes: Span[];
  name: NameHit | null;
  /** Address or product was recognised by its own words, not just by position. */
  marked: boolean;
}

type Kind = 'address' | 'product' | 'neutral';

function kindOf(text: string): Kind {
  if (PRODUCT_HOME.test(text)) return 'product';
  if (PRODUCT_WORD.test(text.slice(-2))) return 'product';
  if (PLACE.test(text)) return 'address';
  if (PRODUCT_WORD.test(text) || MODEL.test(text)) return 'product';
  return 'neutral';
}

/** Product candidates in order (the need and the piece it came from); a model outranks a generic noun before it. */
class Needs {
  readonly all: Span[] = [];
  private readonly from: Span[] = [];
  add(text: string, piece: Span): boolean {
    const need = needSpan(text, piece);
    if (!need) return false;
    this.all.push(need);
    this.from.push(piece);
    return true;
  }
  pick(text: string, notes: Span[]): Span | null {
    const [first, ...rest] = this.all;
    if (!first) return null;
    const specific = isGeneric(text.slice(first.start, first.end)) ? rest.find((s) => !isGeneric(text.slice(s.start, s.end))) : undefined;
    const chosen = specific ?? first;
    this.all.forEach((s, i) => {
      if (s !== chosen) notes.push(this.from[i]!);
    });
    return chosen;
  }
}

/**
 * `text` has everything already understood blanked out; `taken` are spans to skip whole pieces
 * on (a piece holding a date, source or level phrase is that phrase and its verb: 周五回访).
 */
export function readProfile(text: string, from: number, taken: readonly Span[], wantName: boolean): Profile {
  const out: Profile = { address: null, product: null, notes: [], name: null, marked: false };
  const needs = new Needs();
  const neutral: Span[] = [];
  // 地址：海淀区 — a bare label names the kind of the piece after it.
  let label: 'address' | 'product' | null = null;
  for (const piece of pieces(text, from)) {
    if (taken.some((t) => overlaps(t, piece)) || FILLER.test(text.slice(piece.start, piece.end))) continue;
    const { start, end } = piece;
    const word = text.slice(start, end);
    const bare = LABEL.exec(word);
    if (bare) {
      label = bare[1] ? 'address' : 'product';
      continue;
    }
    const labelled = label;
    label = null;
    if (labelled === 'address' && out.address === null) {
      out.address = placeSpan(text, start, end);
      continue;
    }
    if (labelled === 'product' && needs.all.length === 0 && needs.add(text, piece)) continue;
    if (wantName && out.name === null) {
      const hit = nameAt(text, start, true);
      if (hit && kindOf(word) === 'neutral') {
        out.name = hit;
        continue;
      }
    }
    const addressCue = ADDRESS_CUE.exec(word);
    if (addressCue && addressCue[0].length < word.length) {
      const rest = word.slice(addressCue[0].length);
      // 在杭州 is a place, 在考虑 is not: after a bare 在, a name with no place word must look like one.
      if (addressCue[0] !== '在' || PLACE.test(rest) || (rest.length <= 6 && !NOT_PLACE.test(rest) && !NOT_PLACE_NAME.test(rest) && !SAYS_SOMETHING.test(rest))) {
        if (out.address === null) out.address = placeSpan(text, start + addressCue[0].length, end);
        else out.notes.push(piece);
        continue;
      }
    }
    const cue = cueLength(word);
    if (cue > 0 && cue < word.length) {
      if (!needs.add(text, piece)) out.notes.push(piece);
      continue;
    }
    // Model Y, 秦PLUS DM-i: a short Latin tail belongs to the product before it.
    const last = needs.all[needs.all.length - 1];
    if (last && /^[A-Za-z0-9-]{1,5}$/.test(word) && /^ +$/.test(text.slice(last.end, start))) {
      last.end = end;
      continue;
    }
    const kind = kindOf(word);
    // With the address known, a home word left over (天河区 公寓) is the home wanted.
    if (kind === 'address' && out.address !== null && HOME.test(word) && needs.add(text, piece)) continue;
    if (kind === 'address' && out.address === null && !NOT_PLACE.test(word)) out.address = placeSpan(text, start, end);
    else if (kind === 'product' && needs.add(text, piece)) continue;
    else if (kind === 'neutral' && end - start <= 12 && !SAYS_SOMETHING.test(word)) neutral.push(piece);
    else out.notes.push(piece);
  }
  out.marked = out.address !== null || needs.all.length > 0;
  fillNeutral(text, out, needs, neutral);
  out.product = needs.pick(text, out.notes);
  out.notes.sort((a, b) => a.start - b.start);
  return out;
}

function placeSpan(text: string, start: number, end: number): Span {
  const tail = PLACE_TAIL.exec(text.slice(start, end));
  return tail && end - tail[0].length > start ? { start, end: end - tail[0].length } : { start, end };
}

/**
 * Unmarked pieces go where a 报备 usually puts them: the place before the product. A piece
 * that cannot be a place is the need when none is known, and else a note; after a generic
 * need (车), an unmarked piece is the model (凯美瑞).
 */
function fillNeutral(text: string, out: Profile, needs: Needs, neutral: Span[]): void {
  const firstNeed = needs.all[0];
  for (const piece of neutral) {
    const word = text.slice(piece.start, piece.end);
    const placeLike = !NOT_PLACE.test(word) && !NOT_PLACE_NAME.test(word);
    const generic = firstNeed !== undefined && isGeneric(text.slice(firstNeed.start, firstNeed.end));
    const beforeNeed = firstNeed !== undefined && piece.start < firstNeed.start;
    const morePieces = neutral.length > 1 && piece === neutral[0] && needs.all.length === 0;
    if (out.address === null && placeLike && (beforeNeed || morePieces)) out.address = piece;
    else if ((needs.all.length === 0 || (generic && needs.all.length === 1)) && needs.add(text, piece)) continue;
    else if (out.address === null && placeLike) out.address = piece;
    else out.notes.push(piece);
  }
}
