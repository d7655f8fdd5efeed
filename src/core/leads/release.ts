import type { Db } from '../../db/client.js';
import type { DeadlineWarning, DueFollowUp, ReleaseResult } from './types.js';

export async function releaseIfLapsed(db: Db, leadId: string, now: Date): Promise<ReleaseResult> {
  void db; void leadId; void now;
  throw new Error('not implemented yet');
}
export async function expireIfMissedMilestone(db: Db, leadId: string, now: Date): Promise<ReleaseResult> {
  void db; void leadId; void now;
  throw new Error('not implemented yet');
}
export async function findDueForRelease(db: Db, now: Date, limit = 500): Promise<string[]> {
  void db; void now; void limit;
  throw new Error('not implemented yet');
}
export async function findDueForExpiry(db: Db, now: Date, limit = 500): Promise<string[]> {
  void db; void now; void limit;
  throw new Error('not implemented yet');
}
export async function findDeadlineWarnings(db: Db, now: Date): Promise<DeadlineWarning[]> {
  void db; void now;
  throw new Error('not implemented yet');
}
export async function findDueFollowUps(db: Db, now: Date, limit = 1000): Promise<DueFollowUp[]> {
  void db; void now; void limit;
  throw new Error('not implemented yet');
}
