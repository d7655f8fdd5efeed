import { z } from 'zod';
import { formatDate } from '../../cards/format.js';
import { labelOptions } from '../../cards/render.js';
import { findBudget } from '../../parse/budget.js';
import type { ParsedMessage } from '../../parse/types.js';
import type { FollowUpMethod, LeadRef, Milestone, RegisterInput } from '../leads/types.js';
import type { Ctx } from './context.js';
import { dateAt } from './views.js';

/** The lead a message names: by phone when it has one, else by name. */
export function leadRefOf(parsed: ParsedMessage): LeadRef | null {
  if (parsed.phone) return { phone: parsed.phone };
  if (parsed.name) return { name: parsed.name };
  return null;
}

function nextFollowUp(ctx: Ctx, date: string | null, time: string | null): Date | null {
  return dateAt(date, time, ctx.policy.dueReminderAt, ctx.timeZone);
}

/**
 * A mobile- or landline-looking run of digits the parser did not accept as a phone, so the rep
 * is told the number is wrong rather than that it is missing.
 */
function rawPhone(textValue: string): string | null {
  const m = /(?:^|[^\d])((?:\+?86[\s-]?)?[01][\d\s-]{5,14}\d)(?!\d)/.exec(textValue);
  return m?.[1] ?? null;
}

export function registerInputFromText(ctx: Ctx, parsed: ParsedMessage, textValue: string, sentAt: Date): RegisterInput {
  // A stated first-contact day is read at the message's time of day: 昨天 means about a day ago.
  const firstContactAt = dateAt(parsed.extra.firstContactAt, formatDate(sentAt, ctx.timeZone, 'time'), '00:00', ctx.timeZone);
  return {
    actorId: ctx.member.id,
    sentAt,
    phone: parsed.phone ?? rawPhone(textValue) ?? '',
    name: parsed.name,
    gender: parsed.gender,
    address: parsed.address,
    product: parsed.product,
    budget: parsed.budget,
    source: parsed.source,
    store: parsed.extra.store,
    level: parsed.level,
    firstContactAt,
    notes: null,
    nextFollowUpAt: nextFollowUp(ctx, parsed.nextFollowUpAt, parsed.extra.nextFollowUpTime),
    extra: { namedRep: parsed.extra.namedRep },
  };
}

export interface FollowUpFields {
  method: FollowUpMethod | null;
  content: string | null;
  progress: number | null;
  level: string | null;
  nextFollowUpAt: Date | null;
  milestone: Milestone | null;
}

export function followUpFromText(ctx: Ctx, parsed: ParsedMessage): FollowUpFields {
  return {
    method: parsed.method,
    content: parsed.extra.content,
    progress: parsed.extra.progress,
    level: parsed.level,
    nextFollowUpAt: nextFollowUp(ctx, parsed.nextFollowUpAt, parsed.extra.nextFollowUpTime),
    milestone: parsed.milestone,
  };
}

// ---- card form values --------------------------------------------------------------------

/** Platforms send form values as strings (or numbers, or one-element arrays for selects). */
const formValue = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).max(1)])
  .nullish()
  .transform((v) => {
    const one = Array.isArray(v) ? v[0] : v;
    const s = one === undefined || one === null ? '' : String(one).trim();
    return s === '' ? null : s;
  });

const coded = (kind: string) =>
  formValue.refine((v) => v === null || labelOptions(kind).some((o) => o.value === v), { message: `unknown ${kind}` });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => formValue.pipe(z.enum(values).nullable());

/** A date picker's value: YYYY-MM-DD, possibly followed by a time or zone the picker adds. */
const formDate = formValue.refine((v) => v === null || /^\d{4}-\d{2}-\d{2}/.test(v), { message: 'date as YYYY-MM-DD' });

export const registerFormSchema = z.object({
  name: formValue,
  gender: coded('gender'),
  phone: formValue,
  address: formValue,
  product: formValue,
  budget: formValue,
  source: coded('source'),
  level: coded('level'),
  nextFollowUpAt: formDate,
});

export const followUpFormSchema = z.object({
  content: formValue,
  method: oneOf(['phone', 'wechat', 'store', 'visit', 'sms', 'other']),
  level: coded('level'),
  milestone: oneOf(['visit', 'deposit']),
  nextFollowUpAt: formDate,
});

export const editFormSchema = registerFormSchema.omit({ phone: true, nextFollowUpAt: true });

/** A budget typed in a form (5000, 2万, 80-100万) read by the message parser's own rules. */
export function budgetOf(value: string | null): [number, number | null] | null {
  if (!value) return null;
  return findBudget(`预算${value}`)?.budget ?? null;
}

export function formDateAt(ctx: Ctx, value: string | null): Date | null {
  return nextFollowUp(ctx, value, null);
}

export type RegisterForm = z.infer<typeof registerFormSchema>;

export function registerInputFromForm(ctx: Ctx, form: RegisterForm, sentAt: Date, notes: string | null): RegisterInput {
  return {
    actorId: ctx.member.id,
    sentAt,
    phone: form.phone ?? '',
    name: form.name,
    gender: form.gender,
    address: form.address,
    product: form.product,
    budget: budgetOf(form.budget),
    source: form.source,
    level: form.level,
    notes,
    nextFollowUpAt: formDateAt(ctx, form.nextFollowUpAt),
  };
}
