import { z } from 'zod';
import { text } from '../../cards/render.js';
import { eraseAction } from './admin.js';
import { dashboardAction } from './dashboard.js';
import { claimAction } from './claim.js';
import { toast, type Ctx } from './context.js';
import { registerFormSchema, registerInputFromForm } from './inputs.js';
import { openEdit, openFollowUp, submitEdit, submitFollowUp, undoAction } from './leadActions.js';
import { pendingSchema, runLeadCommand } from './leadCommands.js';
import { mineCard, poolCard } from './lists.js';
import { register } from './register.js';
import { applyAction, decideAction, extensionRequest } from './rulings.js';
import type { ActionResponse, IncomingAction } from './types.js';

/**
 * Every action id a card can carry, with the shape of its value. Adapters round-trip `action`
 * and `value` exactly as the card gave them (WeCom packs them into a button key); values are
 * checked here because a callback is outside input.
 */
const leadId = z.string().min(1).max(64);
const page = z.coerce.number().int().min(1).max(1000).catch(1);

const act = <A extends string, V extends z.ZodType>(action: A, value: V) => z.object({ action: z.literal(action), value });

export const actionSchema = z.discriminatedUnion('action', [
  act('lead.register.submit', z.object({ sentAt: z.iso.datetime().optional().catch(undefined), notes: z.string().max(2000).optional() })),
  act('lead.followup.open', z.object({ leadId })),
  act('lead.followup.submit', z.object({ leadId })),
  act('lead.edit.open', z.object({ leadId })),
  act('lead.edit.submit', z.object({ leadId })),
  act('lead.undo', z.object({ leadId })),
  act('lead.choose', z.object({ leadId, pending: pendingSchema })),
  act('dispute.apply', z.object({ leadId, sentAt: z.iso.datetime().optional().catch(undefined), source: z.string().max(40).optional() })),
  act('dispute.decide', z.object({ disputeId: z.string().min(1).max(64), decision: z.enum(['keep', 'transfer', 'extend', 'refuse']) })),
  act('extension.request', z.object({ leadId })),
  act('pool.claim', z.object({ leadId, page: page.default(1) })),
  act('pool.page', z.object({ page })),
  act('mine.page', z.object({ page })),
  act('admin.erase.confirm', z.object({ leadId })),
  act('dashboard.open', z.object({})),
]);

export type BotAction = z.infer<typeof actionSchema>;
export type ActionId = BotAction['action'];

const formSchema = z.record(z.string(), z.unknown()).default({});

/** A registration's claim time comes from the original message; never later than now. */
function claimTime(ctx: Ctx, sentAt: string | undefined): Date {
  const at = sentAt ? new Date(sentAt) : ctx.now;
  return at.getTime() > ctx.now.getTime() ? ctx.now : at;
}

export async function dispatchAction(ctx: Ctx, action: IncomingAction): Promise<ActionResponse> {
  const parsed = actionSchema.safeParse({ action: action.action, value: action.value });
  const form = formSchema.safeParse(action.form);
  if (!parsed.success || !form.success) return toast('error', text('toast.invalidAction'));
  const a = parsed.data;
  const f = form.data;

  switch (a.action) {
    case 'lead.register.submit': {
      const fields = registerFormSchema.safeParse(f);
      if (!fields.success) return toast('error', text('toast.invalidForm', { detail: fields.error.issues[0]?.message ?? '' }));
      const input = registerInputFromForm(ctx, fields.data, claimTime(ctx, a.value.sentAt), a.value.notes || null);
      const out = await register(ctx, input, { fromForm: true });
      return { card: out.card, ...(out.ok ? { toast: { kind: 'success' as const, text: text('toast.saved') } } : {}), effects: out.others };
    }
    case 'lead.followup.open':
      return openFollowUp(ctx, a.value.leadId);
    case 'lead.followup.submit':
      return submitFollowUp(ctx, a.value.leadId, f);
    case 'lead.edit.open':
      return openEdit(ctx, a.value.leadId);
    case 'lead.edit.submit':
      return submitEdit(ctx, a.value.leadId, f);
    case 'lead.undo':
      return undoAction(ctx, a.value.leadId);
    case 'lead.choose':
      return { card: await runLeadCommand(ctx, { leadId: a.value.leadId }, a.value.pending), effects: [] };
    case 'dispute.apply':
      return applyAction(ctx, a.value);
    case 'dispute.decide':
      return decideAction(ctx, a.value);
    case 'extension.request': {
      const reply = await extensionRequest(ctx, { leadId: a.value.leadId }, null);
      const effects = reply.others ?? [];
      if (reply.card) return { card: reply.card, effects };
      return { toast: { kind: 'info', text: reply.text ?? '' }, effects };
    }
    case 'pool.claim':
      return claimAction(ctx, a.value);
    case 'pool.page':
      return { card: await poolCard(ctx, a.value.page), effects: [] };
    case 'mine.page':
      return { card: await mineCard(ctx, a.value.page), effects: [] };
    case 'admin.erase.confirm':
      return eraseAction(ctx, a.value.leadId);
    case 'dashboard.open':
      return dashboardAction(ctx);
  }
}
