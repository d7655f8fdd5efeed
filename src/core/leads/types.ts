import type { LeadField } from '../policy.js';

/**
 * The vocabulary shared by every rule function: what callers pass in and what comes back.
 * Refusals are values carrying everything a chat reply needs; successes carry what should
 * happen next (`notify`) so jobs and the bot can act without re-deriving the rules.
 */

export type LeadStatus = 'new' | 'following' | 'milestone' | 'deposit' | 'won' | 'lost' | 'released' | 'expired';
export type Role = 'rep' | 'manager' | 'admin' | 'group_manager';
export type Milestone = 'visit' | 'deposit';
export type FollowUpMethod = 'phone' | 'wechat' | 'store' | 'visit' | 'sms' | 'other';

/** Statuses in which a lead has an owner working it (timers run). */
export const OPEN_STATUSES = ['new', 'following', 'milestone', 'deposit'] as const satisfies readonly LeadStatus[];
/** Statuses of the team's public pool (公海). */
export const POOL_STATUSES = ['released', 'expired'] as const satisfies readonly LeadStatus[];

export interface MemberRef {
  id: string;
  name: string;
}

/** How the caller names a lead: its id (from a card button), a phone, or a customer name. */
export type LeadRef = { leadId: string } | { phone: string } | { name: string };

/** A lead as one viewer may see it: `phone` is full only when `phoneVisible` is true. */
export interface LeadView {
  id: string;
  orgId: string;
  teamId: string;
  name: string;
  gender: string | null;
  /** Full for the owner and the team's managers/admins, masked for everyone else. */
  phone: string;
  maskedPhone: string;
  phoneVisible: boolean;
  address: string | null;
  product: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  source: string | null;
  store: string | null;
  level: string | null;
  notes: string | null;
  status: LeadStatus;
  owner: MemberRef | null;
  registeredBy: MemberRef | null;
  registeredAt: Date;
  firstContactAt: Date | null;
  lateReport: boolean;
  protectionUntil: Date | null;
  milestoneDeadline: Date | null;
  milestoneAt: Date | null;
  lastFollowUpAt: Date | null;
  nextFollowUpAt: Date | null;
  followUpCount: number;
  wonAt: Date | null;
  lostAt: Date | null;
  lostReason: string | null;
  releasedAt: Date | null;
  releaseReason: string | null;
  claimedAt: Date | null;
}

export type NotifyKind =
  | 'late_report' // to the team's managers: a registration arrived after the report window
  | 'phone_in_unattributed' // to the team's managers: a phone-in went to the pool
  | 'assigned' // to a named rep: a customer asked for them
  | 'released' // to the former owner: protection lapsed, lead is in the pool
  | 'expired' // to the former owner: milestone deadline missed
  | 'ruling_requested' // to the team's managers (and the group chat)
  | 'extension_requested' // to the team's managers
  | 'dispute_decided' // to the applicant and the owner
  | 'transferred_in' // to the new owner
  | 'transferred_out' // to the previous owner
  | 'handover_in'
  | 'handover_out'
  | 'claimed' // to the previous owner, when their former lead is claimed
  | 'superseded'; // to a rep whose registration lost to an earlier-sent message

export interface Notify {
  memberId: string;
  kind: NotifyKind;
  leadId: string;
  disputeId?: string;
  /** Every lead concerned, when one message covers several (handover). */
  leadIds?: string[];
}

export interface QuotaStatus {
  /** Store staff (导购) and teams without a quota are exempt. */
  exempt: boolean;
  used: number;
  quota: number | null;
  remaining: number | null;
  monthStart: Date;
  /** First instant of next month in the team's time zone. */
  resetsAt: Date;
}

export type Refusal<R extends string, Extra = object> = { ok: false; reason: R } & Extra;

export type NotMember = Refusal<'unknown_member'>;
export type NoTeam = Refusal<'no_team'>;
export type NotFound = Refusal<'not_found'>;

// ---- register -------------------------------------------------------------------------------

export interface RegisterInput {
  /** The reporting member. */
  actorId: string;
  /** When the rep's message was sent: the claim time of 先报先保. */
  sentAt: Date;
  phone: string;
  name?: string | null;
  gender?: string | null;
  address?: string | null;
  product?: string | null;
  /** `[min, max]` in yuan as the parser gives it; either end may be null. */
  budget?: readonly [number | null, number | null] | null;
  source?: string | null;
  store?: string | null;
  level?: string | null;
  firstContactAt?: Date | null;
  notes?: string | null;
  /** The rep's own next-contact date; else now + cadence for the level. */
  nextFollowUpAt?: Date | null;
  extra?: {
    /** The rep a caller or visitor asked for by name (matched against the team's members). */
    namedRep?: string | null;
  };
}

/** What was understood from a registration, to pre-fill a form when fields are missing. */
export type RegisterDraft = Omit<RegisterInput, 'actorId' | 'sentAt'>;

export interface DuplicateHint {
  leadId: string;
  name: string;
  address: string | null;
  maskedPhone: string;
  owner: MemberRef | null;
}

export interface RegisterOk {
  ok: true;
  lead: LeadView;
  /** reporter: the reporter owns it; named_rep: the rep the customer asked for; pool: unattributed phone-in. */
  attribution: 'reporter' | 'named_rep' | 'pool';
  /** The phone was already in the pool (released/expired/lost) and this registration took it. */
  fromPool: boolean;
  /**
   * Set when this message was sent before the registration that held the lead (but processed
   * after it): that rep loses it to this one and is in `notify` (kind `superseded`).
   */
  displaced: MemberRef | null;
  lateReport: boolean;
  possibleDuplicates: DuplicateHint[];
  /** The owner's quota after this registration (null when nobody owns it). */
  quota: QuotaStatus | null;
  /** The registrant may undo until this instant. */
  undoUntil: Date;
  notify: Notify[];
}

export type RegisterRefusal =
  | NotMember
  | NoTeam
  | Refusal<'invalid_phone', { raw: string }>
  | Refusal<'missing_fields', { missing: LeadField[]; missingAnyOf: LeadField[][]; draft: RegisterDraft }>
  | Refusal<'owned', { owner: MemberRef; since: Date; maskedPhone: string; leadId: string; status: LeadStatus }>
  | Refusal<'already_yours', { leadId: string; since: Date; maskedPhone: string }>
  | Refusal<'won', { leadId: string; maskedPhone: string; owner: MemberRef | null; wonAt: Date | null }>
  | Refusal<'quota', { used: number; quota: number; resetsAt: Date }>
  | Refusal<'cooldown', { leadId: string; until: Date; maskedPhone: string }>
  | Refusal<'unknown_rep', { namedRep: string }>;

export type RegisterResult = RegisterOk | RegisterRefusal;

// ---- follow-up, won, lost, edit -------------------------------------------------------------

/** Shared refusals when a rep names a lead. */
export type LeadRefRefusal =
  | NotMember
  | NotFound
  | Refusal<'ambiguous', { candidates: LeadView[] }>
  | Refusal<'not_yours', { leadId: string; owner: MemberRef | null; maskedPhone: string }>
  | Refusal<'not_open', { leadId: string; status: LeadStatus; maskedPhone: string }>;

export interface FollowUpInput {
  actorId: string;
  lead: LeadRef;
  /** When the rep sent the message (defaults to now). */
  at?: Date;
  method?: FollowUpMethod | null;
  content?: string | null;
  progress?: number | null;
  level?: string | null;
  nextFollowUpAt?: Date | null;
  milestone?: Milestone | null;
}

export interface FollowUpOk {
  ok: true;
  lead: LeadView;
  followUpId: string;
  milestoneReached: Milestone | null;
  statusChanged: boolean;
  notify: Notify[];
}

export type FollowUpResult = FollowUpOk | LeadRefRefusal;

export interface WonInput {
  actorId: string;
  lead: LeadRef;
  at?: Date;
  content?: string | null;
}

export interface LostInput {
  actorId: string;
  lead: LeadRef;
  reason: string;
  at?: Date;
}

export interface CloseOk {
  ok: true;
  lead: LeadView;
  /** Won leads stop counting against the monthly quota at once. */
  quotaFreed: boolean;
  notify: Notify[];
}

export type CloseResult = CloseOk | LeadRefRefusal | Refusal<'missing_reason'>;

export interface EditInput {
  actorId: string;
  leadId: string;
  changes: {
    name?: string;
    gender?: string | null;
    phone?: string;
    address?: string | null;
    product?: string | null;
    budget?: readonly [number | null, number | null] | null;
    source?: string | null;
    store?: string | null;
    level?: string | null;
    notes?: string | null;
    firstContactAt?: Date | null;
    nextFollowUpAt?: Date | null;
  };
}

export type EditResult =
  | { ok: true; lead: LeadView; changed: string[] }
  | LeadRefRefusal
  | Refusal<'invalid_phone', { raw: string }>
  | Refusal<'phone_taken', { leadId: string; owner: MemberRef | null; maskedPhone: string }>;

// ---- lookup, mine --------------------------------------------------------------------------

export interface LookupInput {
  actorId: string;
  /** A phone (any common spelling) or a customer name / part of one. */
  query: string;
  limit?: number;
}

export type LookupResult =
  | { ok: true; by: 'phone' | 'name'; leads: LeadView[]; total: number }
  | NotMember;

export interface MyLead extends LeadView {
  overdue: boolean;
}

export type MyLeadsResult = { ok: true; leads: MyLead[]; total: number; overdue: number } | NotMember;

// ---- release / expire / warnings -----------------------------------------------------------

export type ReleaseResult =
  | { changed: true; leadId: string; status: 'released' | 'expired'; previousOwnerId: string | null; notify: Notify[] }
  | { changed: false; leadId: string; reason: 'not_found' | 'not_open' | 'not_due' };

export interface DeadlineWarning {
  leadId: string;
  orgId: string;
  teamId: string;
  ownerId: string;
  kind: 'lapse' | 'milestone';
  deadline: Date;
  warnAt: Date;
}

export interface DueFollowUp {
  leadId: string;
  orgId: string;
  teamId: string;
  ownerId: string;
  nextFollowUpAt: Date;
}

// ---- pool ----------------------------------------------------------------------------------

export interface PoolItem {
  leadId: string;
  name: string;
  maskedPhone: string;
  status: 'released' | 'expired';
  releasedAt: Date | null;
  /** lapse | milestone_missed | phone_in_unattributed | handover | lost? … as stored */
  releaseReason: string | null;
  level: string | null;
  product: string | null;
  address: string | null;
  source: string | null;
  followUpCount: number;
  previousOwner: MemberRef | null;
}

export type PoolPage =
  | {
      ok: true;
      items: PoolItem[];
      page: number;
      pageSize: number;
      total: number;
      claimsToday: number;
      claimsPerDay: number;
    }
  | NotMember
  | NoTeam;

export type ClaimResult =
  | { ok: true; lead: LeadView; claimsToday: number; claimsPerDay: number; notify: Notify[] }
  | NotMember
  | NotFound
  | Refusal<'taken', { leadId: string; owner: MemberRef | null; status: LeadStatus }>
  | Refusal<'other_team', { leadId: string }>
  | Refusal<'claim_limit', { used: number; limit: number; resetsAt: Date }>
  | Refusal<'cooldown', { leadId: string; until: Date; maskedPhone: string }>;

// ---- disputes ------------------------------------------------------------------------------

export type DisputeKind = 'ownership' | 'extension';
export type DisputeStatus = 'pending' | 'kept' | 'transferred' | 'extended' | 'refused';
export type Decision = 'keep' | 'transfer' | 'extend' | 'refuse';
export type ExtensionTarget = 'milestone' | 'protection';

/** One side of a collision, as the ruling card shows it. */
export interface SideFacts {
  member: MemberRef | null;
  /** Owner: when they registered. Applicant: when their refused registration was sent. */
  registeredAt: Date | null;
  source: string | null;
  followUpCount: number;
  lastFollowUpAt: Date | null;
  milestones: { kind: Milestone; at: Date }[];
}

/** What the applicant said about their own contact with the customer. */
export interface ApplicantFacts {
  sentAt?: Date | null;
  source?: string | null;
  firstContactAt?: Date | null;
  note?: string | null;
}

export interface DisputeView {
  id: string;
  orgId: string;
  teamId: string;
  leadId: string;
  kind: DisputeKind;
  status: DisputeStatus;
  applicant: MemberRef;
  /** The owner when the application was made. */
  owner: MemberRef | null;
  reason: string | null;
  appliedAt: Date;
  decidedBy: MemberRef | null;
  decidedAt: Date | null;
  extensionDays: number | null;
  extensionTarget: ExtensionTarget | null;
  cardMessageId: string | null;
  remindedAt: Date | null;
  groupChatId: string | null;
  /** Both sides, phones masked, for the side-by-side card. */
  sides: { owner: SideFacts; applicant: SideFacts };
  /** The lead as a group chat may see it (masked phone). */
  lead: LeadView;
}

export interface ApplyInput {
  actorId: string;
  lead: LeadRef;
  reason?: string | null;
  facts?: ApplicantFacts;
}

export type ApplyResult =
  | { ok: true; dispute: DisputeView; managers: MemberRef[]; notify: Notify[] }
  | NotMember
  | NotFound
  | Refusal<'ambiguous', { candidates: LeadView[] }>
  | Refusal<'own_lead', { leadId: string }>
  | Refusal<'not_owned', { leadId: string; status: LeadStatus }>
  | Refusal<'already_pending', { disputeId: string; dispute: DisputeView }>;

export interface ExtensionRequestInput {
  actorId: string;
  lead: LeadRef;
  days?: number | null;
  target?: ExtensionTarget | null;
  reason?: string | null;
}

export type ExtensionRequestResult =
  | { ok: true; dispute: DisputeView; managers: MemberRef[]; notify: Notify[] }
  | LeadRefRefusal
  | Refusal<'nothing_to_extend', { leadId: string }>
  | Refusal<'already_pending', { disputeId: string; dispute: DisputeView }>;

export interface DecideInput {
  actorId: string;
  disputeId: string;
  decision: Decision;
  /** For extend: days to add (default: the request's days, else the policy's defaultExtensionDays). */
  days?: number | null;
  target?: ExtensionTarget | null;
}

export type DecideResult =
  | {
      ok: true;
      dispute: DisputeView;
      previousOwnerId: string | null;
      newOwnerId: string | null;
      notify: Notify[];
    }
  | NotMember
  | NotFound
  | Refusal<'not_manager', { teamId: string }>
  | Refusal<'already_decided', { decidedBy: MemberRef | null; decidedAt: Date | null; status: DisputeStatus }>
  | Refusal<'invalid_decision', { decision: Decision; kind: DisputeKind }>;

export interface StaleApplication {
  disputeId: string;
  orgId: string;
  teamId: string;
  leadId: string;
  kind: DisputeKind;
  appliedAt: Date;
  remindedAt: Date | null;
  groupChatId: string | null;
  cardMessageId: string | null;
  managers: MemberRef[];
}

// ---- admin: handover, erase; undo ---------------------------------------------------------

export interface HandoverInput {
  actorId: string;
  fromMemberId: string;
  /** null = to the team's pool. */
  toMemberId: string | null;
}

export type HandoverResult =
  | { ok: true; moved: string[]; from: MemberRef; to: MemberRef | null; notify: Notify[] }
  | NotMember
  | NotFound
  | Refusal<'not_admin'>
  | Refusal<'same_member'>;

export type EraseResult =
  | { ok: true; leadId: string; erasedAt: Date }
  | NotMember
  | NotFound
  | Refusal<'not_admin'>
  | Refusal<'already_erased', { erasedAt: Date }>;

export type UndoResult =
  | { ok: true; leadId: string; removed: boolean; restoredStatus: LeadStatus | null }
  | NotMember
  | NotFound
  | Refusal<'not_registrant'>
  | Refusal<'window_passed', { until: Date }>
  | Refusal<'changed'>;

// ---- history -------------------------------------------------------------------------------

export interface HistoryRow {
  id: string;
  leadId: string;
  orgId: string;
  ownerId: string | null;
  status: LeadStatus;
  level: string | null;
  changeKind: string;
  actorId: string | null;
  note: string | null;
  validFrom: Date;
  validTo: Date | null;
  recordedAt: Date;
}

export interface ChangesPage {
  rows: HistoryRow[];
  /** Pass back as the next watermark; unchanged when nothing new was recorded. */
  watermark: string | null;
}
