import { nameAt } from './name.js';
import { isHan, type Span } from './text.js';

/** 进度60% / 完成60% → 60. */
const PROGRESS = /(?:进度|完成|进展)\s*(?:到|了|:)?\s*(\d{1,3})\s*%|(\d{1,3})\s*%\s*(?:进度|完成)/;

export function findProgress(text: string): (Span & { progress: number }) | null {
  const m = PROGRESS.exec(text);
  if (!m) return null;
  const progress = Number(m[1] ?? m[2]);
  if (progress > 100) return null;
  return { start: m.index, end: m.index + m[0].length, progress };
}

/**
 * A rep the customer asked for by name (指定找小王, 点名要张三): domain rule 8 gives them the
 * lead, so the name must not be mistaken for the customer's.
 */
const NAMED_REP = /(?:指定|点名|指名|专门|只|就)(?:要|找|让|由)?|要求|找/g;

export function findNamedRep(text: string): (Span & { rep: string }) | null {
  for (const m of text.matchAll(NAMED_REP)) {
    const word = m[0];
    // A bare 找 only counts in 找小王的 / 找小王接待; 指定/点名 always introduce a rep.
    const strong = /^(?:指定|点名|指名|专门|只|就|要求)/.test(word);
    const at = m.index + word.length;
    const hit = nameAt(text, at);
    if (!hit) continue;
    if (!strong && !/^(?:的|接待|负责|服务)/.test(text.slice(hit.end))) continue;
    if (!strong && !/^[小老]/.test(hit.name)) continue;
    const role = /^(?:来)?(?:接待|负责|跟进|服务)|^的/.exec(text.slice(hit.end));
    return { start: m.index, end: hit.end + (role ? role[0].length : 0), rep: hit.name };
  }
  return null;
}

/** Walking back from 店 stops at these: they end the word before the store's name. */
const STORE_STOP = new Set([...'到来进回本我在该这那去出逛从于的了是个家']);
const NOT_STORE = /^(?:门|本|分|总|该|我|这|那)店$/;

/** A named store (万达店, 江宁旗舰店); 到店 / 来店 / 进店 are visits, not stores. */
export function findStore(text: string): (Span & { store: string }) | null {
  for (let i = text.indexOf('店'); i >= 0; i = text.indexOf('店', i + 1)) {
    if (/[里内面员长铺]/.test(text[i + 1] ?? '')) continue;
    let start = i;
    while (start > 0 && i - start < 8) {
      const ch = text[start - 1] ?? '';
      if (!(isHan(ch) || /[A-Za-z0-9]/.test(ch)) || STORE_STOP.has(ch)) break;
      start--;
    }
    const store = text.slice(start, i + 1);
    if (i - start < 2 || NOT_STORE.test(store)) continue;
    return { start, end: i + 1, store };
  }
  return null;
}
