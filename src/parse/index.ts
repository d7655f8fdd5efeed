import { findMethod, findMilestone } from './activity.js';
import { findBudget } from './budget.js';
import { clockOf } from './clock.js';
import { ACTIVITY, bodyStartOf, findLost, findWon, leadingCommand } from './command.js';
import { findDates, pickDates } from './dates.js';
import { findNamedRep, findProgress, findStore } from './extras.js';
import { readLevel } from './level.js';
import { findGender, labelledName, nameAt, titledName, type NameHit } from './name.js';
import { findPhones } from './phone.js';
import { readProfile, type Profile } from './profile.js';
import { readSource } from './source.js';
import { blank, clauseAt, fold, isSep, overlaps, pieces, trimSpan, type Span } from './text.js';
import { tenseReader } from './tense.js';
import type { Command, ParsedMessage, ParseOptions } from './types.js';

export type * from './types.js';
export { COMMANDS } from './types.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** First-contact wording next to a past date (昨天来店, 前天打电话来). */
const CONTACT = /来店|到店|进店|来电|打电话来|打来|咨询|认识|接待|加了?微信|加的|来的|到访|来访|逛|看车|看房|联系/;
/** Walk-in wording that is also a visit just made. */
const JUST_CAME = /^(?:刚刚?|刚才)(?:来店|到店)$/;
/** What may stand around an outcome word in its clause without adding anything (客户说不买了). */
const OUTCOME_FILLER = /^(?:客户|客人|顾客|他|她|对方|已经|已|说|了|啦|决定|还是|最后|最终|表示|\s)*$/;

/** Chat text → command and fields (parse.md). Pure: the clock comes in through `opts.now`. */
export function parseMessage(text: string, opts: ParseOptions): ParsedMessage {
  const clock = clockOf(opts.now, opts.timeZone ?? DEFAULT_TIME_ZONE);
  const folded = fold(text);
  const start = bodyStartOf(folded);
  const leading = leadingCommand(folded, start);
  const result = emptyResult(leading?.command ?? 'unknown');
  if (leading && (leading.command === 'help' || leading.command === 'mine' || leading.command === 'pool')) return result;

  const bodyStart = leading?.end ?? start;
  let work = blank(folded, 0, bodyStart);

  const phones = findPhones(work);
  for (const p of phones) work = blank(work, p.start, p.end);
  result.phone = phones[0]?.phone ?? null;

  const rep = findNamedRep(work);
  if (rep) {
    result.extra.namedRep = rep.rep;
    work = blank(work, rep.start, rep.end);
  }
  const budget = findBudget(work);
  if (budget) {
    result.budget = budget.budget;
    work = blank(work, budget.start, budget.end);
  }
  const progress = findProgress(work);
  if (progress) {
    result.extra.progress = progress.progress;
    work = blank(work, progress.start, progress.end);
  }

  const dates = findDates(work, clock);
  const picked = pickDates(work, dates, clock);
  if (picked.next) {
    result.nextFollowUpAt = picked.next.date;
    result.extra.nextFollowUpTime = picked.next.time;
  }
  let undated = work;
  for (const d of dates) undated = blank(undated, d.start, d.end);

  // Purchase timing may start with a day word (明天就定), so dates stay in for the level.
  const levels = readLevel(work, dates);
  const level = levels.level;
  result.level = level?.level ?? null;
  const sources = readSource(undated);
  const source = sources.source;
  result.source = source?.source ?? null;
  const store = findStore(undated);
  result.extra.store = store?.store ?? null;

  // The lead is named first thing after the command word, or labelled (客户赵敏).
  let name = nameAt(undated, firstWordAt(undated, bodyStart));
  if (!name) name = labelledName(undated) ?? titledName(undated, bodyStart);
  if (name) undated = blank(undated, name.start, name.end);

  const gender = findGender(undated);
  if (gender) undated = blank(undated, gender.start, gender.end);

  // Pieces that say where the customer came from (路过进店的) are not the rep's own contact;
  // outside a registration, 刚才到店 is the visit being reported, not a channel.
  const channel = (s: Span): boolean => leading?.command === 'register' || !JUST_CAME.test(work.slice(s.start, s.end));
  let activityText = work;
  for (const piece of pieces(work)) {
    if (sources.spans.some((s) => channel(s) && overlaps(s, piece))) activityText = blank(activityText, piece.start, piece.end);
  }
  const tense = tenseReader(activityText, picked.timeline);
  result.method = findMethod(activityText, tense);
  result.milestone = findMilestone(activityText, tense);

  let command: Command = leading?.command ?? 'unknown';
  const lost = command === 'unknown' || command === 'followup' ? findLost(work, bodyStart) : null;
  const won = !lost && (command === 'unknown' || command === 'followup') ? findWon(work, bodyStart) : null;
  let profile: Profile | null = null;
  // Whole pieces holding a date, a channel or a purchase timing are that phrase (周五回访).
  const taken: Span[] = [...dates, ...sources.spans, ...levels.spans, ...(store ? [store] : [])];
  let profileText = work;
  for (const s of [name, gender]) if (s) profileText = blank(profileText, s.start, s.end);
  const readProfileOnce = (): Profile => (profile ??= readProfile(profileText, bodyStart, taken, name === null));

  if (lost) command = 'lost';
  else if (won) command = 'won';
  else if (command === 'unknown') command = shapeCommand(work, name, result.phone !== null, result, readProfileOnce);

  if (command === 'register') {
    const p = readProfileOnce();
    if (!name && p.name) name = p.name;
    result.address = p.address ? slice(text, folded, p.address) : null;
    result.product = p.product ? slice(text, folded, p.product) : null;
    result.extra.content = p.notes.length ? p.notes.map((n) => slice(text, folded, n)).join(' ') : null;
    const contact = picked.past.find((d) => CONTACT.test(work.slice(d.clause.start, d.clause.end)));
    result.extra.firstContactAt = contact?.date ?? null;
  }
  if (command === 'query' && !name && !result.phone) {
    const rest = trimSpan(folded, { start: bodyStart, end: folded.length });
    if (rest.end > rest.start) name = { ...rest, name: text.slice(rest.start, rest.end), gender: null };
  }

  result.command = command;
  result.name = name ? slice(text, folded, name) : null;
  result.gender = gender?.gender ?? name?.gender ?? null;

  if (command === 'followup' || command === 'won' || command === 'lost') {
    const leadSpans: Span[] = [...phones, ...(name ? [name] : [])];
    const outcomeWord = lost ?? won;
    if (outcomeWord) leadSpans.push(outcomeSpan(work, outcomeWord));
    const rest = remainder(text, bodyStart, leadSpans);
    result.extra.content = rest;
    if (command === 'lost') result.lostReason = rest;
  }
  if (command === 'unknown') result.extra.content = slice(text, folded, { start, end: text.length });
  if (command === 'query') {
    result.level = null;
    result.source = null;
    result.nextFollowUpAt = null;
    result.extra.nextFollowUpTime = null;
  }
  return result;
}

/** Without a command word: a person and a phone is a registration; a lead and an event, a follow-up. */
function shapeCommand(
  work: string,
  name: NameHit | null,
  hasPhone: boolean,
  result: ParsedMessage,
  profile: () => Profile,
): Command {
  const happened = ACTIVITY.test(work) || result.milestone !== null || result.method !== null;
  const describesLead = (): boolean => {
    const p = profile();
    return result.budget !== null || result.source !== null || p.marked;
  };
  if (name && hasPhone) return happened && !describesLead() ? 'followup' : 'register';
  if ((name || hasPhone) && (happened || result.level !== null || result.nextFollowUpAt !== null)) return 'followup';
  if (hasPhone) {
    const p = profile();
    const fields = [result.budget, result.source, p.address, p.product].filter((f) => f !== null).length;
    if (fields >= 2) return 'register';
  }
  return 'unknown';
}

function firstWordAt(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSep(text[i])) i++;
  // 客户 / 一个客户 before the name is filler.
  const filler = /^(?:一个|一位)?(?:客户|客人|顾客)(?:是|叫)?\s*:?\s*/.exec(text.slice(i));
  if (filler && nameAt(text, i + filler[0].length)) i += filler[0].length;
  return i;
}

/** The outcome word, or its whole clause when the rest of it is filler (客户说不买了). */
function outcomeSpan(work: string, word: Span): Span {
  const clause = clauseAt(work, word.start);
  const around = work.slice(clause.start, word.start) + work.slice(word.end, clause.end);
  return OUTCOME_FILLER.test(around) ? clause : word;
}

/** The message after the command with the lead's name, phone and outcome word taken out. */
function remainder(text: string, from: number, remove: Span[]): string | null {
  const cut = [...remove].sort((a, b) => a.start - b.start);
  let out = '';
  let at = from;
  for (const s of cut) {
    if (s.end <= at) continue;
    if (s.start > at) out += text.slice(at, s.start) + ' ';
    at = Math.max(at, s.end);
  }
  out += text.slice(at);
  const folded = fold(out);
  const span = trimSpan(folded, { start: 0, end: out.length });
  const trimmed = out.slice(span.start, span.end).replace(/\s{2,}/g, ' ');
  // 张伟签约了 leaves only 了 behind.
  return /^[了啦的已经\s]*$/.test(trimmed) ? null : trimmed;
}

/** The span as the rep typed it, without separators at its ends (`folded` is `text` folded). */
function slice(text: string, folded: string, span: Span): string | null {
  const t = trimSpan(folded, span);
  const s = text.slice(t.start, t.end);
  return s || null;
}

function emptyResult(command: Command): ParsedMessage {
  return {
    command,
    name: null,
    gender: null,
    phone: null,
    address: null,
    product: null,
    budget: null,
    source: null,
    level: null,
    method: null,
    milestone: null,
    nextFollowUpAt: null,
    lostReason: null,
    extra: { content: null, nextFollowUpTime: null, firstContactAt: null, progress: null, namedRep: null, store: null },
  };
}
