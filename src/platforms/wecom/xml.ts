import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * WeCom's callback XML: the encrypted envelope of a POST and the decrypted message inside it.
 * Values stay strings (`parseTagValue: false`): MsgId is a 64-bit integer that a JS number
 * would silently round.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'SelectedItem' || name === 'OptionId',
});

export type XmlResult<T> = { ok: true; value: T } | { ok: false; error: string };

const text = z.string();
const digits = z.string().regex(/^\d+$/, 'expected digits');

export const envelopeSchema = z.object({
  xml: z.object({
    ToUserName: text.min(1),
    Encrypt: text.min(1),
    AgentID: z.string().optional(),
  }),
});
export type WecomEnvelope = z.infer<typeof envelopeSchema>['xml'];

const common = {
  ToUserName: text,
  FromUserName: text.min(1),
  CreateTime: digits,
  AgentID: z.string().optional(),
};

export const textMessageSchema = z.object({
  ...common,
  MsgType: z.literal('text'),
  Content: z.string(),
  MsgId: digits,
});
export type WecomTextMessage = z.infer<typeof textMessageSchema>;

const selectedItemSchema = z.object({
  QuestionKey: text,
  OptionIds: z.object({ OptionId: z.array(z.string()) }).optional(),
});

export const cardEventSchema = z.object({
  ...common,
  MsgType: z.literal('event'),
  Event: z.literal('template_card_event'),
  EventKey: text,
  TaskId: text,
  CardType: z.string().optional(),
  ResponseCode: text,
  // An empty <SelectedItems/> parses as "", a filled one as { SelectedItem: [...] }.
  SelectedItems: z.union([z.literal(''), z.object({ SelectedItem: z.array(selectedItemSchema) })]).optional(),
});
export type WecomCardEvent = z.infer<typeof cardEventSchema>;

/** What the adapter acts on; anything else (images, enter_agent, ...) is acknowledged and ignored. */
export type WecomCallback =
  | { kind: 'text'; message: WecomTextMessage }
  | { kind: 'card_event'; event: WecomCardEvent }
  | { kind: 'other'; msgType: string; event?: string; fromUser?: string };

function parseXml(body: string): XmlResult<unknown> {
  const valid = XMLValidator.validate(body);
  if (valid !== true) return { ok: false, error: `malformed XML: ${valid.err.msg} (line ${valid.err.line})` };
  return { ok: true, value: parser.parse(body) as unknown };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function parseEnvelope(body: string): XmlResult<WecomEnvelope> {
  const xml = parseXml(body);
  if (!xml.ok) return xml;
  const parsed = envelopeSchema.safeParse(xml.value);
  if (!parsed.success) return { ok: false, error: `not a WeCom callback envelope: ${describe(parsed.error)}` };
  return { ok: true, value: parsed.data.xml };
}

const rootSchema = z.object({
  xml: z.looseObject({ MsgType: z.string(), Event: z.string().optional(), FromUserName: z.string().optional() }),
});

export function parseCallback(plain: string): XmlResult<WecomCallback> {
  const xml = parseXml(plain);
  if (!xml.ok) return xml;
  const root = rootSchema.safeParse(xml.value);
  if (!root.success) return { ok: false, error: `not a WeCom message: ${describe(root.error)}` };
  const { MsgType, Event, FromUserName } = root.data.xml;
  if (MsgType === 'text') {
    const m = textMessageSchema.safeParse(root.data.xml);
    if (!m.success) return { ok: false, error: `bad text message: ${describe(m.error)}` };
    return { ok: true, value: { kind: 'text', message: m.data } };
  }
  if (MsgType === 'event' && Event === 'template_card_event') {
    const e = cardEventSchema.safeParse(root.data.xml);
    if (!e.success) return { ok: false, error: `bad template_card_event: ${describe(e.error)}` };
    return { ok: true, value: { kind: 'card_event', event: e.data } };
  }
  return { ok: true, value: { kind: 'other', msgType: MsgType, event: Event, fromUser: FromUserName } };
}

/** Selected option ids by question key, from a multiple_interaction submit. */
export function selectedOptions(event: WecomCardEvent): Record<string, string[]> {
  const items = event.SelectedItems === undefined || event.SelectedItems === '' ? [] : event.SelectedItems.SelectedItem;
  return Object.fromEntries(items.map((i) => [i.QuestionKey, i.OptionIds?.OptionId ?? []]));
}
