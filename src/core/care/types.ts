import type { FollowUpMethod, LeadRef, LeadView, MemberRef } from '../leads/types.js';
import type { CareKind } from './cadence.js';

export interface CareInput {
  actorId: string;
  lead: LeadRef;
  /** When the rep sent the message (default now). */
  at?: Date;
  method?: FollowUpMethod | null;
  content?: string | null;
}

export interface CareState {
  kind: CareKind;
  member: MemberRef | null;
  since: Date;
  dueAt: Date;
  lastContactAt: Date | null;
  contacts: number;
}

export type CareResult =
  | { ok: true; lead: LeadView; contactId: string; care: CareState | null }
  | { ok: false; reason: 'unknown_member' }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'ambiguous'; candidates: LeadView[] }
  | { ok: false; reason: 'not_yours'; leadId: string; owner: MemberRef | null; maskedPhone: string }
  /** The lead is still being worked: a 回访 of an open lead is an ordinary follow-up. */
  | { ok: false; reason: 'still_open'; leadId: string };

/** A care or win-back contact that is due, with what its reminder shows. */
export interface CareDue {
  leadId: string;
  orgId: string;
  teamId: string;
  kind: CareKind;
  dueAt: Date;
  since: Date;
  lastContactAt: Date | null;
  contacts: number;
  member: { id: string; name: string; platformUserId: string };
  platform: 'feishu' | 'wecom' | 'local';
  tenantKey: string;
  /** The team's zone, for the reminder's dates. */
  timeZone: string;
  name: string;
  phone: string;
  product: string | null;
  lostReason: string | null;
}
