import { findMethod, findMilestone } from './activity.js';
import { findBudget } from './budget.js';
import type { Clock } from './clock.js';
import { findDates, pickDates, type DateHit, type DatePick } from './dates.js';
import { findNamedRep, findProgress, findStore } from './extras.js';
import { readLevel, type LevelReading } from './level.js';
import { findGender, labelledName, nameAt, titledName, type GenderHit, type NameHit } from './name.js';
import type { PhoneHit } from './phone.js';
import { readSource, type SourceReading } from './source.js';
import { blank, isSep, overlaps, pieces, type Span } from './text.js';
import { tenseReader } from './tense.js';
import type { ParsedCustomer } from './types.js';

/**
 * The fields of one customer, read from one stretch of the message (the whole body, or one
 * customer's part of a message that names several). Each extractor blanks what it takes, so
 * what is left for the next one is what nobody has understood yet.
 */
export interface CustomerReading {
  fields: ParsedCustomer;
  name: NameHit | null;
  gender: GenderHit | null;
  phones: PhoneHit[];
  /** The stretch with phones, the named rep, budget and progress blanked (outside it: blank). */
  work: string;
  dates: DateHit[];
  picked: DatePick;
  levels: LevelReading;
  sources: SourceReading;
  store: Span | null;
}

/** First-contact wording next to a past date (昨天来店, 前天打电话来). */
const CONTACT = /来店|到店|进店|来电|打电话来|打来|咨询|认识|接待|加了?微信|加的|来的|到访|来访|逛|看车|看房|联系/;
/** Walk-in wording that is also a visit just made. */
const JUST_CAME = /^(?:刚刚?|刚才)(?:来店|到店)$/;
/** Role words before a customer's name (客户李姐, 家长王女士, 另一个客户是张三). */
const ROLE =
  /^(?:还有|另外|另一个|另一位|以及|和)?(?:一个|一位)?(?:客户|客人|顾客|家长|学生家长|学员家长|业主|车主|学员|宝妈|宝爸|投保人|被保人|准客户|意向客户)?(?:是|叫|姓名)?\s*:?\s*/;

export interface ReadOptions {
  /** Where the customer's part begins: the name is looked for first thing there. */
  from: number;
  /** A registration or reception: a past contact date is the first contact. */
  registering: boolean;
}

function firstWordAt(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSep(text[i])) i++;
  const role = ROLE.exec(text.slice(i));
  if (role && role[0].length > 0 && nameAt(text, i + role[0].length)) i += role[0].length;
  return i;
}

/** `base` is the folded message with everything outside this customer's part blanked. */
export function readCustomer(base: string, phones: PhoneHit[], clock: Clock, opts: ReadOptions): CustomerReading {
  const fields = emptyCustomer();
  let work = base;
  for (const p of phones) work = blank(work, p.start, p.end);
  fields.phone = phones[0]?.phone ?? null;

  const rep = findNamedRep(work);
  if (rep) {
    fields.extra.namedRep = rep.rep;
    work = blank(work, rep.start, rep.end);
  }
  const budget = findBudget(work);
  if (budget) {
    fields.budget = budget.budget;
    work = blank(work, budget.start, budget.end);
  }
  const progress = findProgress(work);
  if (progress) {
    fields.extra.progress = progress.progress;
    work = blank(work, progress.start, progress.end);
  }

  const dates = findDates(work, clock);
  const picked = pickDates(work, dates, clock);
  if (picked.next) {
    fields.nextFollowUpAt = picked.next.date;
    fields.extra.nextFollowUpTime = picked.next.time;
  }
  let undated = work;
  for (const d of dates) undated = blank(undated, d.start, d.end);

  // Purchase timing may start with a day word (明天就定), so dates stay in for the level.
  const levels = readLevel(work, dates);
  fields.level = levels.level?.level ?? null;
  const sources = readSource(undated);
  fields.source = sources.source?.source ?? null;
  const store = findStore(undated);
  fields.extra.store = store?.store ?? null;

  // The customer is named first thing in their part, or labelled (客户赵敏), or titled (李先生).
  let name = nameAt(undated, firstWordAt(undated, opts.from));
  if (!name) name = labelledName(undated) ?? titledName(undated, opts.from);
  if (name) undated = blank(undated, name.start, name.end);
  const gender = findGender(undated);

  // Pieces that say where the customer came from (路过进店的) are not the rep's own contact;
  // outside a registration, 刚才到店 is the visit being reported, not a channel.
  let activityText = work;
  for (const piece of pieces(work)) {
    const channel = sources.spans.some((s) => overlaps(s, piece) && (opts.registering || !JUST_CAME.test(work.slice(s.start, s.end))));
    if (channel) activityText = blank(activityText, piece.start, piece.end);
  }
  const tense = tenseReader(activityText, picked.timeline);
  fields.method = findMethod(activityText, tense);
  fields.milestone = findMilestone(activityText, tense);
  fields.gender = gender?.gender ?? name?.gender ?? null;

  if (opts.registering) {
    const contact = picked.past.find((d) => CONTACT.test(work.slice(d.clause.start, d.clause.end)));
    fields.extra.firstContactAt = contact?.date ?? null;
  }
  return { fields, name, gender, phones, work, dates, picked, levels, sources, store };
}

export function emptyCustomer(): ParsedCustomer {
  return {
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
