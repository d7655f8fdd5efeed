import { randomBytes } from 'node:crypto';
import type { Pipeline } from '../../../src/core/bot/pipeline.js';
import type { Db } from '../../../src/db/client.js';
import type { FetchApp } from '../../../src/http/app.js';
import { processInbound } from '../../../src/jobs/inbound/index.js';
import { deliverRow } from '../../../src/jobs/outbound/deliver.js';
import type { WecomClient } from '../../../src/platforms/wecom/client.js';
import { createWecomCrypto } from '../../../src/platforms/wecom/crypto.js';
import type { FakeWecom } from '../../fakes/wecomApi.js';

/** A template card as the fake WeCom API received it. */
export interface ReceivedCard {
  touser: string;
  agentid: number;
  msgtype: 'template_card';
  template_card: {
    card_type: string;
    task_id?: string;
    main_title: { title: string; desc?: string };
    sub_title_text?: string;
    button_list?: { text: string; key: string }[];
  };
}

export interface WecomDriverDeps {
  db: Db;
  /** The assembly's message pipeline, run by hand instead of the inbound worker. */
  pipeline: Pipeline;
  client: WecomClient;
  fake: FakeWecom;
  /** The HTTP app with the WeCom routes mounted at /wecom. */
  app: FetchApp;
  corpId: string;
  token: string;
  aesKey: string;
  agentId: string;
  now: () => Date;
}

/**
 * Plays WeCom's side of a conversation: members write to the app and click its cards through
 * correctly signed, encrypted callbacks to /wecom/callback; what the bot answers is read back
 * from the fake API. The inbound and outbound workers are stood in for by their one-step
 * functions, so a test awaits each step instead of polling.
 */
export class WecomDriver {
  private readonly crypto;
  private msgSeq = 9_000_000_000_000_000n;

  constructor(private readonly d: WecomDriverDeps) {
    this.crypto = createWecomCrypto({ token: d.token, aesKey: d.aesKey, corpId: d.corpId });
  }

  private seconds(): string {
    return String(Math.floor(this.d.now().getTime() / 1000));
  }

  async post(plainXml: string): Promise<Response> {
    const timestamp = this.seconds();
    const nonce = randomBytes(4).toString('hex');
    const { encrypt, msgSignature } = this.crypto.seal(plainXml, timestamp, nonce);
    const body = `<xml><ToUserName><![CDATA[${this.d.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${this.d.agentId}]]></AgentID></xml>`;
    const url = `http://app.test/wecom/callback?${new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce })}`;
    return this.d.app.fetch(new Request(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' } }));
  }

  textXml(from: string, content: string, msgId = String(++this.msgSeq)): string {
    return `<xml><ToUserName><![CDATA[${this.d.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${this.seconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${this.d.agentId}</AgentID></xml>`;
  }

  clickXml(from: string, key: string, taskId: string, responseCode: string, selected: Record<string, string> = {}): string {
    const items = Object.entries(selected)
      .map(([q, id]) => `<SelectedItem><QuestionKey><![CDATA[${q}]]></QuestionKey><OptionIds><OptionId><![CDATA[${id}]]></OptionId></OptionIds></SelectedItem>`)
      .join('');
    return `<xml><ToUserName><![CDATA[${this.d.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${this.seconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${key}]]></EventKey><TaskId><![CDATA[${taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${responseCode}]]></ResponseCode>${items ? `<SelectedItems>${items}</SelectedItems>` : ''}<AgentID>${this.d.agentId}</AgentID></xml>`;
  }

  /** A member writes to the app; the message is processed and every answer delivered. */
  async say(from: string, content: string, msgId?: string): Promise<Response> {
    const res = await this.post(this.textXml(from, content, msgId));
    await this.runWorkers();
    return res;
  }

  /** A member clicks a button on a card they received; returns the response code the click carried. */
  async click(from: string, card: ReceivedCard, buttonText: string, selected: Record<string, string> = {}): Promise<{ res: Response; responseCode: string }> {
    const button = card.template_card.button_list?.find((b) => b.text === buttonText);
    if (!button || !card.template_card.task_id) throw new Error(`no button "${buttonText}" on card "${card.template_card.main_title.title}"`);
    const responseCode = this.d.fake.issueResponseCode();
    const res = await this.post(this.clickXml(from, button.key, card.template_card.task_id, responseCode, selected));
    await this.runWorkers();
    return { res, responseCode };
  }

  /** What the inbound and outbound workers would do next. */
  async runWorkers(): Promise<void> {
    const { db, pipeline, client, now } = this.d;
    for (const row of await db.inboundEvent.findMany({ where: { status: 'pending', platform: 'wecom' } })) {
      await processInbound({ db, pipeline, clients: { wecom: client }, now }, row.id);
    }
    for (const row of await db.outboundMessage.findMany({ where: { status: 'pending', platform: 'wecom' }, orderBy: { createdAt: 'asc' } })) {
      await deliverRow(db, { wecom: client }, row.id, false, now());
    }
  }

  /** Template cards the member received, oldest first. */
  cardsFor(user: string): ReceivedCard[] {
    return this.d.fake.sent().filter((m) => m.touser === user && m.msgtype === 'template_card') as unknown as ReceivedCard[];
  }

  lastCardFor(user: string): ReceivedCard {
    const card = this.cardsFor(user).at(-1);
    if (!card) throw new Error(`${user} has received no card`);
    return card;
  }

  /** Plain texts the member received, oldest first. */
  textsFor(user: string): string[] {
    return this.d.fake
      .sent()
      .filter((m) => m.touser === user && m.msgtype === 'text')
      .map((m) => (m.text as { content: string }).content);
  }
}
