/** The contract of parse.md: every field is present, unknown ones are null. */
export const COMMANDS = ['register', 'followup', 'won', 'lost', 'reception', 'query', 'mine', 'pool', 'help', 'unknown'] as const;
export type Command = (typeof COMMANDS)[number];

export type Gender = 'male' | 'female';
export type Level = 'H' | 'A' | 'B' | 'C';
export type Method = 'phone' | 'wechat' | 'store' | 'visit' | 'sms' | 'other';
export type Milestone = 'visit' | 'deposit';
/** How a reception came in: a party in the showroom or a phone call. */
export type VisitKind = 'walk_in' | 'phone_in';
export type Source =
  | 'douyin'
  | 'xiaohongshu'
  | 'wechat'
  | 'referral'
  | 'walk_in'
  | 'exhibition'
  | 'web'
  | 'phone_in'
  | 'ad'
  | 'existing_customer'
  | 'other';

/** `[min, max]` in yuan; max is null for "以上" (no upper bound). */
export type Budget = [number, number | null];

/** What the product needs beyond the contract fields. */
export interface ParsedExtra {
  /** The follow-up / free text left after the lead is named, trimmed; null when nothing is left. */
  content: string | null;
  /** 'HH:MM' when a time of day came with the next follow-up (下午3点 → '15:00'). */
  nextFollowUpTime: string | null;
  /** 'YYYY-MM-DD' of a stated first contact (昨天来店 → yesterday). */
  firstContactAt: string | null;
  /** 进度60% → 60. */
  progress: number | null;
  /** A rep the customer asked for (指定找小王 → '小王'). */
  namedRep: string | null;
  /** A store named in the message (万达店). */
  store: string | null;
}

/** One customer's fields; a message may name several (`others`). */
export interface ParsedCustomer {
  name: string | null;
  gender: Gender | null;
  phone: string | null;
  address: string | null;
  product: string | null;
  budget: Budget | null;
  source: Source | null;
  level: Level | null;
  method: Method | null;
  milestone: Milestone | null;
  /** 'YYYY-MM-DD' in the org time zone. */
  nextFollowUpAt: string | null;
  lostReason: string | null;
  extra: ParsedExtra;
}

export interface ParsedMessage extends ParsedCustomer {
  command: Command;
  /** Further customers named in the same message, in order; [] when there is one. */
  others: ParsedCustomer[];
  /** For `reception`: a walk-in party or a phone call. */
  visitKind: VisitKind | null;
  /** For `reception`: people in the party when stated. */
  groupSize: number | null;
  /** For `reception`: 'HH:MM' of arrival and of leaving. */
  inAt: string | null;
  outAt: string | null;
  /** For `reception`: true when contact details were left, false when refused. */
  contactLeft: boolean | null;
  /** For `reception`: true when the party ordered on the spot. */
  ordered: boolean | null;
}

export interface ParseOptions {
  /** Reference instant for relative dates. */
  now: Date;
  /** IANA zone the dates are read in; default Asia/Shanghai. */
  timeZone?: string;
}
