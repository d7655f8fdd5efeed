import { describe, expect, it } from 'vitest';
import { cardActionSchema, messageEventSchema, toIncomingMessage } from '../../../src/platforms/feishu/events.js';
import { toCallbackResponse, toIncomingAction } from '../../../src/platforms/feishu/cardAction.js';
import { cardActionEvent, messageEvent } from '../../fakes/feishuCallbacks.js';

const sentAt = new Date('2026-12-01T01:02:03.456Z');

function parse(input: Parameters<typeof messageEvent>[0]) {
  return messageEventSchema.parse(messageEvent(input));
}

describe('a direct message becomes an IncomingMessage', () => {
  it('carries tenant, sender open_id, chat, message id, text and the send time in ms', () => {
    const ev = parse({ token: 't', text: '报备 张先生 13800138000', senderOpenId: 'ou_a', tenantKey: 'tk', chatId: 'oc_1', messageId: 'om_1', sentAt });
    expect(toIncomingMessage(ev, 'ou_bot')).toEqual({
      ok: true,
      eventId: ev.header.event_id,
      message: { platform: 'feishu', tenantKey: 'tk', senderId: 'ou_a', chatId: 'oc_1', chatType: 'p2p', messageId: 'om_1', text: '报备 张先生 13800138000', sentAt },
    });
  });

  it('ignores anything but text (images, files, stickers)', () => {
    expect(toIncomingMessage(parse({ token: 't', text: 'x', messageType: 'image' }), 'ou_bot')).toEqual({ ok: false, reason: 'not_text' });
  });
});

describe('in a group the bot answers only when mentioned, and mentions are taken out of the text', () => {
  it('answers an @bot message with the mention removed', () => {
    const ev = parse({ token: 't', chatType: 'group', text: '@_user_1 报备 李女士 13900139000', mentions: [{ key: '@_user_1', openId: 'ou_bot', name: '线索助手' }] });
    const r = toIncomingMessage(ev, 'ou_bot');
    expect(r.ok && r.message).toMatchObject({ chatType: 'group', text: '报备 李女士 13900139000' });
  });

  it('stays silent when only someone else is mentioned', () => {
    const ev = parse({ token: 't', chatType: 'group', text: '@_user_1 你好', mentions: [{ key: '@_user_1', openId: 'ou_colleague', name: '王五', userId: 'u_w' }] });
    expect(toIncomingMessage(ev, 'ou_bot')).toEqual({ ok: false, reason: 'not_addressed' });
  });

  it('stays silent with no mention at all', () => {
    expect(toIncomingMessage(parse({ token: 't', chatType: 'group', text: '大家好' }), 'ou_bot')).toEqual({ ok: false, reason: 'not_addressed' });
  });

  it('keeps other people as @name so a transfer still reads right', () => {
    const ev = parse({
      token: 't',
      chatType: 'group',
      text: '@_user_1 转给 @_user_2 13800138000',
      mentions: [
        { key: '@_user_1', openId: 'ou_bot', name: '线索助手' },
        { key: '@_user_2', openId: 'ou_w', name: '王五', userId: 'u_w' },
      ],
    });
    const r = toIncomingMessage(ev, 'ou_bot');
    expect(r.ok && r.message.text).toBe('转给 @王五 13800138000');
  });

  it('never confuses @_user_1 with @_user_10', () => {
    const mentions = Array.from({ length: 10 }, (_, i) => ({ key: `@_user_${i + 1}`, openId: i === 9 ? 'ou_bot' : `ou_${i}`, name: `N${i + 1}`, userId: i === 9 ? '' : `u${i}` }));
    const ev = parse({ token: 't', chatType: 'group', text: '@_user_10 问 @_user_1', mentions });
    const r = toIncomingMessage(ev, 'ou_bot');
    expect(r.ok && r.message.text).toBe('问 @N1');
  });

  it('without the bot\'s open_id, treats a mention with no user_id (an app) as the bot', () => {
    const ev = parse({ token: 't', chatType: 'group', text: '@_user_1 帮助', mentions: [{ key: '@_user_1', openId: 'ou_x', name: '线索助手' }] });
    const r = toIncomingMessage(ev, undefined);
    expect(r.ok && r.message.text).toBe('帮助');
  });
});

describe('a card click becomes an IncomingAction, and the answer a Feishu callback response', () => {
  it('takes the action id out of the value and keeps the rest, with operator, message and chat', () => {
    const ev = cardActionSchema.parse(cardActionEvent({ token: 't', operatorOpenId: 'ou_a', tenantKey: 'tk', value: { action: 'lead.undo', leadId: 'L1' }, messageId: 'om_9', chatId: 'oc_9' }));
    expect(toIncomingAction(ev)).toEqual({
      ok: true,
      action: { platform: 'feishu', tenantKey: 'tk', userId: 'ou_a', chatId: 'oc_9', messageId: 'om_9', action: 'lead.undo', value: { leadId: 'L1' } },
    });
  });

  it('passes form values of a submit', () => {
    const ev = cardActionSchema.parse(cardActionEvent({ token: 't', value: { action: 'lead.register' }, formValue: { name: '张先生', source: 'walkin' } }));
    const r = toIncomingAction(ev);
    expect(r.ok && r.action.form).toEqual({ name: '张先生', source: 'walkin' });
  });

  it('refuses a click whose value names no action', () => {
    const ev = cardActionSchema.parse(cardActionEvent({ token: 't', value: { leadId: 'L1' } }));
    expect(toIncomingAction(ev)).toEqual({ ok: false, reason: 'no_action' });
  });

  it('answers with a toast and the replacement card as raw card JSON 2.0', () => {
    const res = toCallbackResponse({ toast: { kind: 'success', text: '已撤销' }, card: { header: { title: '已撤销', color: 'grey' }, elements: [] } });
    expect(res).toEqual({
      toast: { type: 'success', content: '已撤销' },
      card: { type: 'raw', data: { schema: '2.0', config: { update_multi: true, width_mode: 'fill' }, header: { title: { tag: 'plain_text', content: '已撤销' }, template: 'grey' }, body: { elements: [] } } },
    });
  });
});
