import type { Tx } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * The audit log: who revealed, transferred, ruled, handed over or erased what, and when.
 * Details never carry a customer's name or full phone, so erasure has nothing to scrub here.
 */
export type AuditAction =
  | 'register'
  | 'reveal'
  | 'transfer'
  | 'ruling'
  | 'extension'
  | 'handover'
  | 'erase'
  | 'claim'
  | 'release'
  | 'expire'
  | 'undo'
  | 'role'
  | 'team'
  | 'policy'
  | 'target'
  /** The 看板: a lead list opened (drill-down) or downloaded as CSV; a sign-in. */
  | 'dashboard_list'
  | 'dashboard_csv'
  | 'dashboard_signin';

export interface AuditEntry {
  orgId: string;
  actorId: string | null;
  action: AuditAction;
  leadId?: string | null;
  detail?: Prisma.InputJsonObject;
  at: Date;
}

export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      orgId: entry.orgId,
      actorId: entry.actorId,
      action: entry.action,
      leadId: entry.leadId ?? null,
      detail: entry.detail ?? {},
      at: entry.at,
    },
  });
}
