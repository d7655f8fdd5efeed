import type { Card } from '../../cards/model.js';
import { formatDate } from '../../cards/format.js';
import { hasText, renderCard, text } from '../../cards/render.js';
import { editLead } from '../leads/edit.js';
import { getLead } from '../leads/lookup.js';
import { undoRegistration } from '../leads/undo.js';
import type { LeadView } from '../leads/types.js';
import { toast, viewOf, type Ctx } from './context.js';
import { budgetOf, editFormSchema, followUpFormSchema, formDateAt } from './inputs.js';
import { leadRefusalCard, runLeadCommand } from './leadCommands.js';
import { nextFollowUpFrom } from '../leads/deadlines.js';
import type { ActionResponse } from './types.js';
import { draftVars, leadVars } from './views.js';

/** The lead as the clicker may see it, if they own it and it is still being worked. */
async function ownLead(ctx: Ctx, leadId: string): Promise<{ ok: true; lead: LeadView } | { ok: false; response: ActionResponse }> {
  const r = await getLead(ctx.db, { actorId: ctx.member.id, leadId }, ctx.now);
  if (!r.ok) return { ok: false, response: toast('error', text('toast.notFound')) };
  if (r.lead.owner?.id !== ctx.member.id) return { ok: false, response: toast('error', text('toast.notYourLead')) };
  return { ok: true, lead: r.lead };
}

function followUpForm(ctx: Ctx, lead: LeadView, error = ''): Card {
  const suggested = nextFollowUpFrom(ctx.policy, lead.level, ctx.now);
  return renderCard('followup-form', { lead: leadVars(lead, viewOf(ctx)), suggestedNext: formatDate(suggested, ctx.timeZone, 'isoDate'), error });
}

/** 添加跟进: the card turns into the follow-up form. */
export async function openFollowUp(ctx: Ctx, leadId: string): Promise<ActionResponse> {
  const own = await ownLead(ctx, leadId);
  if (!own.ok) return own.response;
  return { card: followUpForm(ctx, own.lead), effects: [] };
}

export async function submitFollowUp(ctx: Ctx, leadId: string, form: Record<string, unknown>): Promise<ActionResponse> {
  const parsed = followUpFormSchema.safeParse(form);
  if (!parsed.success) return toast('error', text('toast.invalidForm', { detail: parsed.error.issues[0]?.message ?? '' }));
  const f = parsed.data;
  const card = await runLeadCommand(ctx, { leadId }, {
    command: 'followup',
    at: ctx.now,
    method: f.method,
    content: f.content,
    progress: null,
    level: f.level,
    nextFollowUpAt: formDateAt(ctx, f.nextFollowUpAt),
    milestone: f.milestone,
  });
  return { card, toast: { kind: 'success', text: text('toast.saved') }, effects: [] };
}

/** 编辑: the card turns into the edit form, pre-filled. */
export async function openEdit(ctx: Ctx, leadId: string): Promise<ActionResponse> {
  const own = await ownLead(ctx, leadId);
  if (!own.ok) return own.response;
  return { card: editForm(ctx, own.lead), effects: [] };
}

function editForm(ctx: Ctx, lead: LeadView, error = ''): Card {
  const draft = draftVars({ ...lead, budget: lead.budgetMin !== null || lead.budgetMax !== null ? [lead.budgetMin, lead.budgetMax] : null }, ctx.timeZone);
  return renderCard('lead-edit-form', { lead: leadVars(lead, viewOf(ctx)), draft, error });
}

export async function submitEdit(ctx: Ctx, leadId: string, form: Record<string, unknown>): Promise<ActionResponse> {
  const parsed = editFormSchema.safeParse(form);
  if (!parsed.success) return toast('error', text('toast.invalidForm', { detail: parsed.error.issues[0]?.message ?? '' }));
  const f = parsed.data;
  const r = await editLead(
    ctx.db,
    {
      actorId: ctx.member.id,
      leadId,
      changes: {
        ...(f.name ? { name: f.name } : {}),
        gender: f.gender,
        address: f.address,
        product: f.product,
        budget: budgetOf(f.budget),
        source: f.source,
        level: f.level,
      },
    },
    ctx.now,
  );
  if (r.ok) {
    ctx.changed.add(r.lead.id);
    const changed = r.changed.map((f) => (hasText(`fieldNames.${f}`) ? text(`fieldNames.${f}`) : f)).join(text('formats.listSeparator'));
    const card = renderCard('lead-saved', { lead: leadVars(r.lead, viewOf(ctx)), changed });
    return { card, toast: { kind: 'success', text: text('toast.saved') }, effects: [] };
  }
  switch (r.reason) {
    case 'invalid_phone':
    case 'phone_taken':
      return toast('error', text('reason.invalidPhone'));
    default:
      return { card: leadRefusalCard(ctx, r, '', null), effects: [] };
  }
}

/** 撤销 within the undo window. */
export async function undoAction(ctx: Ctx, leadId: string): Promise<ActionResponse> {
  const before = await getLead(ctx.db, { actorId: ctx.member.id, leadId }, ctx.now);
  const r = await undoRegistration(ctx.db, { actorId: ctx.member.id, leadId }, ctx.now);
  if (r.ok) {
    ctx.changed.add(leadId);
    const lead = before.ok ? leadVars(before.lead, viewOf(ctx)) : { name: '', phone: '' };
    return { card: renderCard('undone', { lead }), toast: { kind: 'success', text: text('toast.undone') }, effects: [] };
  }
  switch (r.reason) {
    case 'window_passed':
      return toast('warning', text('toast.undoExpired', { minutes: ctx.policy.undoWindowMinutes }));
    case 'not_registrant':
      return toast('error', text('toast.notYourLead'));
    case 'changed':
      return toast('warning', text('toast.undoChanged'));
    case 'not_found':
    case 'unknown_member':
      return toast('error', text('toast.notFound'));
  }
}
