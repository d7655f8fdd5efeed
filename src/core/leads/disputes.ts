import type { Db } from '../../db/client.js';
import type {
  ApplyInput, ApplyResult, DecideInput, DecideResult, DisputeView, ExtensionRequestInput,
  ExtensionRequestResult, StaleApplication,
} from './types.js';

export async function applyForRuling(db: Db, input: ApplyInput, now: Date): Promise<ApplyResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function requestExtension(db: Db, input: ExtensionRequestInput, now: Date): Promise<ExtensionRequestResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function decideDispute(db: Db, input: DecideInput, now: Date): Promise<DecideResult> {
  void db; void input; void now;
  throw new Error('not implemented yet');
}
export async function getDispute(db: Db, disputeId: string): Promise<DisputeView | null> {
  void db; void disputeId;
  throw new Error('not implemented yet');
}
export async function setDisputeCard(db: Db, disputeId: string, cardMessageId: string): Promise<void> {
  void db; void disputeId; void cardMessageId;
  throw new Error('not implemented yet');
}
export async function findStaleApplications(db: Db, olderThan: Date): Promise<StaleApplication[]> {
  void db; void olderThan;
  throw new Error('not implemented yet');
}
export async function findDisputesToRemind(db: Db, now: Date): Promise<StaleApplication[]> {
  void db; void now;
  throw new Error('not implemented yet');
}
export async function markReminded(db: Db, disputeId: string, now: Date): Promise<boolean> {
  void db; void disputeId; void now;
  throw new Error('not implemented yet');
}
