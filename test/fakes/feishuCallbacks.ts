import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Builds callbacks the way Feishu's servers do, written from the published algorithm with
 * node:crypto alone (never with the code under test): AES-256-CBC with key SHA-256(encrypt_key),
 * a random 16-byte IV prefixed to the ciphertext, base64; X-Lark-Signature = hex SHA-256 of
 * timestamp + nonce + encrypt_key + body.
 */
export function encryptLikeFeishu(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signLikeFeishu(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body, 'utf8').digest('hex');
}

export interface CallbackKeys {
  verificationToken: string;
  /** Unset: Feishu sends the plaintext JSON unsigned. */
  encryptKey?: string;
}

export interface SignedCallback {
  body: string;
  headers: Record<string, string>;
}

/** One HTTP callback as Feishu would POST it: encrypted and signed when a key is set. */
export function buildCallback(
  plaintext: Record<string, unknown>,
  keys: CallbackKeys,
  opts: { now?: Date; nonce?: string; signed?: boolean } = {},
): SignedCallback {
  const json = JSON.stringify(plaintext);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const timestamp = String(Math.floor((opts.now ?? new Date()).getTime() / 1000));
  const nonce = opts.nonce ?? randomBytes(8).toString('hex');
  headers['x-lark-request-timestamp'] = timestamp;
  headers['x-lark-request-nonce'] = nonce;
  if (!keys.encryptKey) return { body: json, headers };
  // Feishu's own bodies carry a space after the colon; the signature must be over these bytes.
  const body = `{"encrypt": ${JSON.stringify(encryptLikeFeishu(keys.encryptKey, json))}}`;
  if (opts.signed !== false) headers['x-lark-signature'] = signLikeFeishu(timestamp, nonce, keys.encryptKey, body);
  return { body, headers };
}

let seq = 0;
const next = (): number => ++seq;

export interface MessageEventInput {
  token: string;
  text: string;
  senderOpenId?: string;
  tenantKey?: string;
  chatId?: string;
  chatType?: 'p2p' | 'group';
  messageId?: string;
  eventId?: string;
  sentAt?: Date;
  messageType?: string;
  /** Mentions as Feishu lists them; the text refers to them by key (`@_user_1`). */
  mentions?: { key: string; openId: string; name: string; userId?: string }[];
}

/** An im.message.receive_v1 event in the v2 envelope. */
export function messageEvent(input: MessageEventInput): Record<string, unknown> {
  const n = next();
  const sentAt = input.sentAt ?? new Date();
  const tenantKey = input.tenantKey ?? 'tenant_a';
  return {
    schema: '2.0',
    header: {
      event_id: input.eventId ?? `ev_${n}_${randomBytes(4).toString('hex')}`,
      token: input.token,
      create_time: String(sentAt.getTime()),
      event_type: 'im.message.receive_v1',
      tenant_key: tenantKey,
      app_id: 'cli_test_app',
    },
    event: {
      sender: {
        sender_id: { open_id: input.senderOpenId ?? 'ou_rep1', user_id: 'u_rep1', union_id: 'on_rep1' },
        sender_type: 'user',
        tenant_key: tenantKey,
      },
      message: {
        message_id: input.messageId ?? `om_in_${n}_${randomBytes(4).toString('hex')}`,
        root_id: '',
        parent_id: '',
        create_time: String(sentAt.getTime()),
        update_time: String(sentAt.getTime()),
        chat_id: input.chatId ?? 'oc_chat1',
        chat_type: input.chatType ?? 'p2p',
        message_type: input.messageType ?? 'text',
        content: JSON.stringify({ text: input.text }),
        mentions: (input.mentions ?? []).map((m) => ({
          key: m.key,
          id: { open_id: m.openId, user_id: m.userId ?? '', union_id: '' },
          name: m.name,
          tenant_key: tenantKey,
        })),
        user_agent: 'Mozilla/5.0 Lark/7.30',
      },
    },
  };
}

export interface CardActionInput {
  token: string;
  operatorOpenId?: string;
  tenantKey?: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  tag?: string;
  messageId?: string;
  chatId?: string;
}

/** A card.action.trigger callback (new-style, v2 envelope). */
export function cardActionEvent(input: CardActionInput): Record<string, unknown> {
  const n = next();
  const tenantKey = input.tenantKey ?? 'tenant_a';
  const action: Record<string, unknown> = { value: input.value, tag: input.tag ?? 'button' };
  if (input.formValue) {
    action.form_value = input.formValue;
    action.name = 'submit';
  }
  return {
    schema: '2.0',
    header: {
      event_id: `ev_card_${n}_${randomBytes(4).toString('hex')}`,
      token: input.token,
      create_time: String(Date.now() * 1000),
      event_type: 'card.action.trigger',
      tenant_key: tenantKey,
      app_id: 'cli_test_app',
    },
    event: {
      operator: { tenant_key: tenantKey, user_id: 'u_rep1', open_id: input.operatorOpenId ?? 'ou_rep1', union_id: 'on_rep1' },
      token: `c-${randomBytes(8).toString('hex')}`,
      action,
      host: 'im_message',
      context: { open_message_id: input.messageId ?? 'om_card_1', open_chat_id: input.chatId ?? 'oc_chat1' },
    },
  };
}

export function urlVerification(token: string, challenge = `ch-${randomBytes(6).toString('hex')}`): Record<string, unknown> {
  return { challenge, token, type: 'url_verification' };
}
