import type { FollowUpOk, LeadRefRefusal, MemberRef, Notify, RegisterResult } from '../leads/types.js';
import type { TimesRefusal } from './times.js';

export type ReceptionKind = 'walk_in' | 'phone_in';

/** One party or call as the duty rep (or the front desk) reports it. */
export interface ReceptionInput {
  /** Who typed it. */
  actorId: string;
  /** When the message or form was sent: late logging and 先报先保 read this. */
  sentAt: Date;
  kind: ReceptionKind;
  /** The receiving rep when someone else logs it (the front desk); default the actor. */
  receivedById?: string | null;
  /** Arrival / call time: an instant, or HH:MM on the sending day. Default: sentAt. */
  inAt?: Date | string | null;
  outAt?: Date | string | null;
  groupSize?: number | null;
  name?: string | null;
  gender?: string | null;
  /** As typed; normalized here. */
  phone?: string | null;
  product?: string | null;
  level?: string | null;
  /** true: 留了电话 / 加了微信; false: 没留电话; a phone always means true. */
  contactLeft?: boolean | null;
  ordered?: boolean | null;
  note?: string | null;
  /** A channel code when the customer said how they heard of the store; default the visit kind. */
  source?: string | null;
  /** The rep the customer asked for (rule 8). */
  namedRep?: string | null;
  /** The message or submission it came from: logging it again returns the stored record. */
  sourceKey?: string | null;
}

export interface ReceptionView {
  id: string;
  teamId: string;
  kind: ReceptionKind;
  inAt: Date;
  outAt: Date | null;
  groupSize: number | null;
  receivedBy: MemberRef;
  loggedBy: MemberRef;
  loggedAt: Date;
  name: string | null;
  gender: string | null;
  /** Full only for the receiver and the team's managers. */
  phone: string | null;
  maskedPhone: string | null;
  product: string | null;
  levelAfter: string | null;
  contactLeft: boolean;
  ordered: boolean;
  note: string | null;
  leadId: string | null;
  /** Logged after the party had left (or more than an hour after arrival). */
  loggedLate: boolean;
}

/** What happened to the customer's lead because of this reception. */
export type ReceptionLeadOutcome =
  /** No phone: counted in traffic only. */
  | { kind: 'none' }
  /** Registered through the registration rules (or refused by them: the refusal, as registration gives it). */
  | { kind: 'registration'; result: RegisterResult }
  /** A returning customer of the receiver's: the visit (and any order) was logged as a follow-up. */
  | { kind: 'followup'; result: FollowUpOk | LeadRefRefusal };

export type ReceptionResult =
  | {
      ok: true;
      reception: ReceptionView;
      /** The same message or submission was logged before: nothing new was stored. */
      repeated: boolean;
      lead: ReceptionLeadOutcome;
      notify: Notify[];
    }
  | { ok: false; reason: 'unknown_member' }
  | { ok: false; reason: 'no_team' }
  | { ok: false; reason: 'unknown_receiver' }
  | { ok: false; reason: 'invalid_phone'; raw: string }
  | { ok: false; reason: 'bad_group_size'; value: number }
  | TimesRefusal;
