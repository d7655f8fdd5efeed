import { ACTIVITY } from './command.js';
import { nameAt, type NameHit } from './name.js';
import { overlaps, pieces, type Span } from './text.js';

/**
 * Address and product need in a registration. What is left of the message once the phone,
 * budget, dates, source, level and the customer's name are taken is cut into pieces; a piece
 * is a place or a product by its cue words (住/地址…, 想看/意向…) or by its own words (…区,
 * 小区, 花园 / 床垫, 两房, 瑞虎8). Pieces that say neither fill the empty fields in the usual
 * order of a 报备 (address, then product); anything beyond is a note.
 */
const ADDRESS_CUE = /^(?:(?:家庭|现)?住址|地址|家住在?|住在|现住(?:在)?|家在|住|位于|在)(?:是|为|在)?/;
const PRODUCT_CUE =
  /^(?:(?:意向|需求|产品|意向产品)(?:是|为)?|想看看|想看下|想看|想买|想要|想换|想订|想定|想了解|需要|看中了?|看好|喜欢|考虑|关注|咨询|打算买|要买|要看|要|买|看了看|看了|看|换|订)/;
const PLACE =
  /省|市|区|县|镇|乡|村|街道|大街|街|路|巷|弄|胡同|小区|花园|社区|新村|家园|公寓|大厦|广场|苑|庭|府|湾|城|坊|园|公馆|新城|中心|开发区|\d+号|\d+栋|\d+幢|单元|\d+室|\d+楼|附近/;
const PRODUCT_WORD =
  /床|垫|沙发|柜|桌|椅|茶几|家具|家私|窗帘|灯|橱|榻榻米|软装|定制|地板|瓷砖|卫浴|床品|枕|房|居|平层|别墅|洋房|商铺|写字楼|户型|平米|㎡|平方|车|SUV|MPV|轿车|新能源|混动|电动|款|型号|系列|套餐/i;
const MODEL = /[\u4e00-\u9fa5]{1,4}\s?\d{1,3}(?!\d)|[A-Za-z]+\s?\d+|PLUS|Pro|Max|Model/i;
const LABEL = /^(?:(地址|住址|家庭住址|现住址|小区|位置|区域)|产品|意向产品|需求|意向|车型|户型|型号|款式)$/;
/** A piece that tells what happened or what the customer thinks is a note, not a place or a need. */
const SAYS_SOMETHING = new RegExp(`${ACTIVITY.source}|了|过|已|想|要|在|再|很|比较|有点|不`);
const FILLER = /^(?:客户|客人|顾客|一个|一位|的|了|是|新|意向客户)$/;
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
  if (PRODUCT_WORD.test(text.slice(-2))) return 'product';
  if (PLACE.test(text)) return 'address';
  if (PRODUCT_WORD.test(text) || MODEL.test(text)) return 'product';
  return 'neutral';
}

/**
 * `text` has everything already understood blanked out; `taken` are spans to skip whole pieces
 * on (a piece holding a date, source or level phrase is that phrase and its verb: 周五回访).
 */
export function readProfile(text: string, from: number, taken: readonly Span[], wantName: boolean): Profile {
  const out: Profile = { address: null, product: null, notes: [], name: null, marked: false };
  const neutral: Span[] = [];
  // 地址：海淀区 — a bare label names the kind of the piece after it.
  let label: 'address' | 'product' | null = null;
  for (const piece of pieces(text, from)) {
    if (taken.some((t) => overlaps(t, piece)) || FILLER.test(text.slice(piece.start, piece.end))) continue;
    let { start } = piece;
    const { end } = piece;
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
    if (labelled === 'product' && out.product === null) {
      out.product = { start, end };
      continue;
    }
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
      if (addressCue[0] !== '在' || PLACE.test(rest)) {
        if (out.address === null) out.address = placeSpan(text, start + addressCue[0].length, end);
        else out.notes.push(piece);
        continue;
      }
    }
    const productCue = PRODUCT_CUE.exec(word);
    if (productCue && productCue[0].length < word.length) {
      start += productCue[0].length;
      if (out.product === null) out.product = { start, end };
      else out.notes.push(piece);
      continue;
    }
    // Model Y, 秦PLUS DM-i: a short Latin tail belongs to the product before it.
    const product = out.product;
    if (product && /^[A-Za-z0-9-]{1,5}$/.test(word) && /^ +$/.test(text.slice(product.end, start))) {
      out.product = { start: product.start, end };
      continue;
    }
    const kind = kindOf(word);
    if (kind === 'address' && out.address === null) out.address = placeSpan(text, start, end);
    else if (kind === 'product' && out.product === null) out.product = { start, end };
    else if (kind === 'neutral' && end - start <= 12 && !SAYS_SOMETHING.test(word)) neutral.push(piece);
    else out.notes.push(piece);
  }
  out.marked = out.address !== null || out.product !== null;
  fillNeutral(out, neutral);
  out.notes.sort((a, b) => a.start - b.start);
  return out;
}

function placeSpan(text: string, start: number, end: number): Span {
  const tail = PLACE_TAIL.exec(text.slice(start, end));
  return tail && end - tail[0].length > start ? { start, end: end - tail[0].length } : { start, end };
}

/** Unmarked pieces go where a 报备 usually puts them: the place before the product. */
function fillNeutral(out: Profile, neutral: Span[]): void {
  for (const piece of neutral) {
    const beforeProduct = out.product !== null && piece.start < out.product.start;
    const morePieces = neutral.length > 1 && piece === neutral[0] && out.product === null;
    if (out.address === null && (beforeProduct || morePieces)) out.address = piece;
    else if (out.product === null) out.product = piece;
    else if (out.address === null) out.address = piece;
    else out.notes.push(piece);
  }
}
