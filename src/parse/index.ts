import { ACTIVITY } from './activity.js';
import { clockOf, type Clock } from './clock.js';
import { bodyStartOf, isHelpQuestion, leadingCommand, type CommandWord } from './command.js';
import { emptyCustomer, readCustomer, type CustomerReading } from './customer.js';
import type { NameHit } from './name.js';
import { findLost, findWon } from './outcome.js';
import { findPhones, type PhoneHit } from './phone.js';
import { readProfile, type Profile } from './profile.js';
import { readReception } from './reception.js';
import { pickDates } from './dates.js';
import { customerSpans } from './segments.js';
import { blank, blankListMarks, clauseAt, fold, trimSpan, type Span } from './text.js';
import { findTimes } from './timeOfDay.js';
import type { Command, ParsedCustomer, ParsedMessage, ParseOptions } from './types.js';

export type * from './types.js';
export { COMMANDS } from './types.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** What may stand around an outcome word in its clause without adding anything (客户说不买了). */
const OUTCOME_FILLER = /^(?:客户|客人|顾客|他|她|对方|已经|已|说|了|啦|决定|还是|最后|最终|表示|那单|这单|单子|这个单子?|那个单子?|\s)*$/;
/** A phone asked about on its own (13812345678? / 13812345678 有人报过吗). */
const ASKS_ABOUT = /^[\s?!.,。有没人谁被报备过了吗登记跟在号码这个的么呢是否已经]*$/;

/** Chat text → command and fields (parse.md). Pure: the clock comes in through `opts.now`. */
export function parseMessage(text: string, opts: ParseOptions): ParsedMessage {
  const clock = clockOf(opts.now, opts.timeZone ?? DEFAULT_TIME_ZONE);
  const folded = fold(text);
  const start = bodyStartOf(folded);
  const leading = leadingCommand(folded, start);
  const result = emptyResult(leading?.command ?? 'unknown');
  if (leading && (leading.command === 'help' || leading.command === 'mine' || leading.command === 'pool')) return result;
  if (!leading && isHelpQuestion(folded.slice(start))) {
    result.command = 'help';
    return result;
  }

  const bodyStart = leading?.end ?? start;
  const base = blankListMarks(blank(folded, 0, bodyStart));
  const phones = findPhones(base);

  if (!leading && phones.length === 1 && asksAbout(base, phones[0]!)) {
    result.command = 'query';
    result.phone = phones[0]!.phone;
    return result;
  }

  const many = leading === null || leading.command === 'register' || leading.command === 'reception';
  let spans = many ? customerSpans(text, base, bodyStart, phones) : [{ start: bodyStart, end: folded.length }];
  let readings = spans.map((s, i) => readPart(base, phones, s, clock, i === 0 ? bodyStart : s.start, leading));
  let command = commandOf(leading, readings[0]!, bodyStart);
  if (readings.length > 1 && command !== 'register' && command !== 'reception') {
    spans = [{ start: bodyStart, end: folded.length }];
    readings = [readPart(base, phones, spans[0]!, clock, bodyStart, leading)];
    command = commandOf(leading, readings[0]!, bodyStart);
  }
  // A later part with a phone and nothing else is another number of the customer before it.
  const parts: Array<{ reading: CustomerReading; span: Span }> = [];
  readings.forEach((reading, i) => {
    const span = spans[i]!;
    const prev = parts[parts.length - 1];
    const p = registering(command) ? profileOf(reading, span) : null;
    if (prev && p && reading.name === null && p.product === null && p.address === null) {
      prev.span = { start: prev.span.start, end: span.end };
      return;
    }
    parts.push({ reading, span });
  });

  result.command = command;
  const first = parts[0]!.reading;
  Object.assign(result, first.fields);
  result.extra = first.fields.extra;
  result.name = first.name ? slice(text, folded, first.name) : null;

  if (registering(command)) {
    const span = parts[0]!.span;
    const reception = command === 'reception' ? receptionOf(result, first, folded, leading, span, clock) : [];
    const { extra, ...own } = customerFields(text, folded, first, span, reception);
    Object.assign(result, own);
    result.extra = extra;
    // A reception is itself a contact: in the showroom (a visit) or on the phone.
    if (command === 'reception') {
      result.source ??= result.visitKind;
      result.method = result.visitKind === 'walk_in' ? 'store' : 'phone';
      if (result.visitKind === 'walk_in') result.milestone ??= 'visit';
    }
    result.others = parts.slice(1).map((p) => customerFields(text, folded, p.reading, p.span));
  }
  if (command === 'query') queryFields(result, text, folded, first.name, bodyStart);
  if (command === 'followup' || command === 'won' || command === 'lost') {
    const leadSpans: Span[] = [...first.phones, ...(first.name ? [first.name] : [])];
    // With 战败 / 成交 first, the words after it (买了别家的 价格太高) are the reason itself.
    const fromText = leading?.command !== 'won' && leading?.command !== 'lost';
    const outcomeWord = !fromText ? null : command === 'lost' ? findLost(first.work, bodyStart) : command === 'won' ? findWon(first.work, bodyStart) : null;
    if (outcomeWord) leadSpans.push(outcomeSpan(first.work, outcomeWord, first.name));
    const rest = remainder(text, bodyStart, leadSpans);
    result.extra.content = rest;
    if (command === 'lost') result.lostReason = rest;
  }
  if (command === 'unknown') result.extra.content = slice(text, folded, { start, end: text.length });
  return result;
}

function registering(command: Command): boolean {
  return command === 'register' || command === 'reception';
}

function readPart(
  base: string,
  phones: PhoneHit[],
  span: Span,
  clock: Clock,
  from: number,
  leading: CommandWord | null,
): CustomerReading {
  const own = phones.filter((p) => p.start >= span.start && p.end <= span.end);
  let part = blank(base, 0, span.start);
  part = blank(part, span.end, part.length);
  const registers = leading?.command === 'register' || leading?.command === 'reception' || leading === null;
  return readCustomer(part, own, clock, { from, registering: registers });
}

/** The command: the leading word, else an outcome word, else the shape of the message. */
function commandOf(leading: CommandWord | null, first: CustomerReading, bodyStart: number): Command {
  const word = leading?.command ?? 'unknown';
  if (word !== 'unknown' && word !== 'followup') return word;
  if (findLost(first.work, bodyStart)) return 'lost';
  if (findWon(first.work, bodyStart)) return 'won';
  if (word === 'followup') return 'followup';
  return shapeCommand(first);
}

/** Without a command word: a person and a phone is a registration; a lead and an event, a follow-up. */
function shapeCommand(r: CustomerReading): Command {
  const f = r.fields;
  const hasPhone = f.phone !== null;
  const happened = ACTIVITY.test(r.work) || f.milestone !== null || f.method !== null;
  const profile = readProfile(profileText(r), 0, taken(r), r.name === null);
  const describesLead = f.budget !== null || f.source !== null || profile.marked;
  if (r.name && hasPhone) return happened && !describesLead ? 'followup' : 'register';
  if ((r.name || hasPhone) && (happened || f.level !== null || f.nextFollowUpAt !== null)) return 'followup';
  if (hasPhone) {
    const fields = [f.budget, f.source, profile.address, profile.product].filter((x) => x !== null).length;
    if (fields >= 2) return 'register';
  }
  return 'unknown';
}

/** Whole pieces holding a date, a channel or a purchase timing are that phrase (周五回访). */
function taken(r: CustomerReading, extra: readonly Span[] = []): Span[] {
  return [...r.dates, ...r.sources.spans, ...r.levels.spans, ...(r.store ? [r.store] : []), ...extra];
}

function profileText(r: CustomerReading): string {
  let t = r.work;
  for (const s of [r.name, r.gender]) if (s) t = blank(t, s.start, s.end);
  return t;
}

function profileOf(r: CustomerReading, span: Span, extra: readonly Span[] = []): Profile {
  return readProfile(profileText(r), span.start, taken(r, extra), r.name === null);
}

/** Address, product, note and name of one customer being registered. */
function customerFields(text: string, folded: string, r: CustomerReading, span: Span, extra: readonly Span[] = []): ParsedCustomer {
  const p = profileOf(r, span, extra);
  const name = r.name ?? p.name;
  const fields: ParsedCustomer = { ...r.fields, extra: { ...r.fields.extra } };
  fields.name = name ? slice(text, folded, name) : null;
  fields.gender = r.gender?.gender ?? name?.gender ?? null;
  fields.address = p.address ? slice(text, folded, p.address) : null;
  fields.product = p.product ? slice(text, folded, p.product) : null;
  fields.extra.content = p.notes.length ? p.notes.map((n) => slice(text, folded, n)).join(' ') : null;
  return fields;
}

/** The reception's own fields; returns the words they took. */
function receptionOf(result: ParsedMessage, r: CustomerReading, folded: string, leading: CommandWord | null, span: Span, clock: Clock): Span[] {
  const word = leading ? folded.slice(leading.start, leading.end) : '';
  const times = findTimes(r.work.slice(0, span.end));
  const reading = readReception(r.work, word, r.fields.phone !== null, times);
  result.visitKind = reading.visitKind;
  result.groupSize = reading.groupSize;
  result.inAt = reading.inAt;
  result.outAt = reading.outAt;
  result.contactLeft = reading.contactLeft;
  result.ordered = reading.ordered;
  // The party's clock times are when they came and left, not a next contact.
  const next = pickDates(r.work, r.dates.filter((d) => d.date !== null), clock).next;
  r.fields.nextFollowUpAt = next?.date ?? null;
  r.fields.extra.nextFollowUpTime = next?.time ?? null;
  return reading.spans;
}

function queryFields(result: ParsedMessage, text: string, folded: string, name: NameHit | null, bodyStart: number): void {
  result.level = null;
  result.source = null;
  result.nextFollowUpAt = null;
  result.milestone = null;
  result.method = null;
  result.extra.nextFollowUpTime = null;
  if (!name && !result.phone) {
    const rest = trimSpan(folded, { start: bodyStart, end: folded.length });
    if (rest.end > rest.start) result.name = text.slice(rest.start, rest.end);
  }
}

function asksAbout(base: string, phone: PhoneHit): boolean {
  return ASKS_ABOUT.test(base.slice(0, phone.start)) && ASKS_ABOUT.test(base.slice(phone.end));
}

/** The outcome word, or its whole clause when the rest of it is filler (客户说不买了). */
function outcomeSpan(work: string, word: Span, name: NameHit | null): Span {
  const clause = clauseAt(work, word.start);
  const masked = name ? blank(work, name.start, name.end) : work;
  const around = masked.slice(clause.start, word.start) + masked.slice(word.end, clause.end);
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
  const { extra, ...customer } = emptyCustomer();
  return {
    command,
    ...customer,
    others: [],
    visitKind: null,
    groupSize: null,
    inAt: null,
    outAt: null,
    contactLeft: null,
    ordered: null,
    extra,
  };
}
