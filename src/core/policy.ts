import { z } from 'zod';

/**
 * Team policy: every number of the rulebook (domain.md) as data. A team stores only what it
 * changes; everything else takes these defaults.
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time of day as HH:MM');
const days = z.number().int().min(0).max(365);

export const LEAD_FIELDS = ['name', 'gender', 'phone', 'address', 'product'] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

export const policySchema = z.object({
  /** Fields a registration must carry. */
  requiredFields: z.array(z.enum(LEAD_FIELDS)).default(['name', 'phone']),
  /** Groups of which at least one field must be present (default: address or product need). */
  requiredAnyOf: z.array(z.array(z.enum(LEAD_FIELDS)).min(1)).default([['address', 'product']]),
  followUpIntervalDays: days.default(3),
  protectionLapseDays: days.default(10),
  lapseWarningDays: days.default(1),
  milestoneDeadlineDays: days.default(15),
  milestoneWarningDays: days.default(2),
  /** Registrations per rep per calendar month; store staff (导购) are exempt. null = unlimited. */
  monthlyQuota: z.number().int().min(0).nullable().default(20),
  reportWindowHours: z.number().min(0).default(24),
  poolClaimsPerDay: z.number().int().min(0).default(5),
  /** A rep who lost a lead to the pool may not claim it back for this long. */
  reclaimCooldownDays: days.default(3),
  /** How long after registering a rep may undo it from the success card. */
  undoWindowMinutes: z.number().int().min(0).default(5),
  /** A ruling application nobody decided reminds the managers after this long. */
  disputeReminderHours: z.number().min(0).default(4),
  defaultExtensionDays: days.default(7),
  levelScheme: z.enum(['timing', 'score']).default('timing'),
  /** Follow-up cadence by intent level; the shorter of this and followUpIntervalDays applies. */
  levelCadenceDays: z.record(z.string(), days).default({ H: 1, A: 3, B: 7, C: 14, D: 14 }),
  timeZone: z.string().default('Asia/Shanghai'),
  dueReminderAt: hhmm.default('09:00'),
  repDigestAt: hhmm.default('08:30'),
  managerDigestAt: hhmm.default('19:00'),
  /** 1 = Monday … 7 = Sunday. */
  weeklyDigestDay: z.number().int().min(1).max(7).default(1),
  monthlyDigestDay: z.number().int().min(1).max(28).default(1),
  /**
   * After the sale (客户跟踪制度): the first 回访 is due this many working days after the
   * purchase (the rules ask for 1–3), then every careCadenceDays (existing customers at least
   * monthly). 0 turns care reminders off. Care never touches ownership or the quota.
   */
  careFirstWorkingDays: days.default(1),
  careCadenceDays: days.default(30),
  /** Lost customers are contacted again every winBackCadenceDays (quarterly); 0 = off. */
  winBackCadenceDays: days.default(90),
  /** Working days for careFirstWorkingDays, 1 = Monday … 7 = Sunday. */
  workingDays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
});

export type Policy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});

/** Reads a team's stored policy; an invalid stored value is a configuration error, said plainly. */
export function readPolicy(stored: unknown): Policy {
  const parsed = policySchema.safeParse(stored ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`team policy is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Days until the next follow-up is due for a lead at this level. */
export function cadenceDays(policy: Policy, level: string | null | undefined): number {
  const byLevel = level ? policy.levelCadenceDays[level] : undefined;
  return byLevel === undefined ? policy.followUpIntervalDays : Math.min(byLevel, policy.followUpIntervalDays);
}
