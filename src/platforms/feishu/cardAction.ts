import type { ActionResponse, IncomingAction } from '../../core/bot/types.js';
import type { FeishuCardAction } from './events.js';
import { renderFeishuCard, type FeishuJson } from './renderCard.js';

export type ActionVerdict = { ok: true; action: IncomingAction } | { ok: false; reason: 'no_action' };

/**
 * card.action.trigger → IncomingAction. Our buttons and form submits carry `{ action, ...value }`
 * (see renderCard.callbackValue); a select outside a form reports its choice in `option`.
 */
export function toIncomingAction(ev: FeishuCardAction): ActionVerdict {
  const a = ev.event.action;
  const raw = typeof a.value === 'object' && a.value !== null ? a.value : {};
  const { action, ...value } = raw;
  if (typeof action !== 'string' || action === '') return { ok: false, reason: 'no_action' };
  if (a.option) value.option = a.option;
  const out: IncomingAction = {
    platform: 'feishu',
    tenantKey: ev.header.tenant_key,
    userId: ev.event.operator.open_id,
    action,
    value,
  };
  if (ev.event.context.open_chat_id) out.chatId = ev.event.context.open_chat_id;
  if (ev.event.context.open_message_id) out.messageId = ev.event.context.open_message_id;
  if (a.form_value) out.form = a.form_value;
  return { ok: true, action: out };
}

/**
 * The synchronous answer Feishu shows at once: a toast and/or the card that replaces the
 * clicked one (`card.type: "raw"` carries card JSON 2.0 inline).
 */
export function toCallbackResponse(res: Pick<ActionResponse, 'card' | 'toast'>): FeishuJson {
  const out: FeishuJson = {};
  if (res.toast) out.toast = { type: res.toast.kind, content: res.toast.text };
  if (res.card) out.card = { type: 'raw', data: renderFeishuCard(res.card) };
  return out;
}
