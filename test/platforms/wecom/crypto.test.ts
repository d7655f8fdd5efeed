import { describe, expect, it } from 'vitest';
import { createWecomCrypto, decryptWecom, encryptWecom, wecomSignature, withinReplayWindow } from '../../../src/platforms/wecom/crypto.js';
import { VECTOR_AES_KEY, VECTOR_CORP_ID, VECTOR_MESSAGE, VECTOR_TOKEN, VECTOR_VERIFY } from '../../fakes/wecomVectors.js';

// The official WXBizMsgCrypt test vectors (shared/spec/wecom-vectors.md).
const TOKEN = VECTOR_TOKEN;
const AES_KEY = VECTOR_AES_KEY;
const CORP_ID = VECTOR_CORP_ID;
const verify = VECTOR_VERIFY;
const message = VECTOR_MESSAGE;
const messagePlain = [
  '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>',
  '<FromUserName><![CDATA[mycreate]]></FromUserName>',
  '<CreateTime>1409659813</CreateTime>',
  '<MsgType><![CDATA[text]]></MsgType>',
  '<Content><![CDATA[hello]]></Content>',
  '<MsgId>4561255354251345929</MsgId>',
  '<AgentID>218</AgentID>',
  '</xml>',
].join('\n');

const crypto = createWecomCrypto({ token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID });

describe('the official vectors: URL verification (GET echostr)', () => {
  it('computes the published msg_signature', () => {
    expect(wecomSignature(TOKEN, verify.timestamp, verify.nonce, verify.encrypt)).toBe(verify.msgSignature);
  });
  it('decrypts echostr to the published plaintext with the corp id as receive id', () => {
    expect(decryptWecom(AES_KEY, verify.encrypt)).toEqual({ ok: true, message: '1616140317555161061', receiveId: CORP_ID });
    expect(crypto.open(verify)).toEqual({ ok: true, message: '1616140317555161061' });
  });
  it('accepts the vector inside the replay window only with a clock set to 2014', () => {
    expect(withinReplayWindow(verify.timestamp, new Date(1409659589_000 + 60_000), 300)).toBe(true);
    expect(withinReplayWindow(verify.timestamp, new Date('2026-11-28T00:00:00Z'), 300)).toBe(false);
  });
});

describe('the official vectors: encrypted message (POST)', () => {
  it('computes the published msg_signature', () => {
    expect(crypto.sign(message.timestamp, message.nonce, message.encrypt)).toBe(message.msgSignature);
  });
  it('decrypts to the published XML', () => {
    const opened = crypto.open(message);
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(opened.message.replace(/\r\n/g, '\n')).toBe(messagePlain);
  });
});

describe('a forged or altered callback is refused', () => {
  it('refuses a wrong signature', () => {
    expect(crypto.open({ ...message, msgSignature: '0'.repeat(40) })).toEqual({ ok: false, reason: 'signature' });
  });
  it('refuses a changed timestamp or nonce (the signature covers them)', () => {
    expect(crypto.open({ ...message, timestamp: '1409659814' }).ok).toBe(false);
    expect(crypto.open({ ...message, nonce: '1' }).ok).toBe(false);
  });
  it('refuses a payload sealed for another corp id', () => {
    const other = createWecomCrypto({ token: TOKEN, aesKey: AES_KEY, corpId: 'ww_other_corp' });
    const sealed = other.seal('<xml/>', '1700000000', 'n1');
    expect(crypto.open({ ...sealed, timestamp: '1700000000', nonce: 'n1' })).toEqual({ ok: false, reason: 'corp_id', receiveId: 'ww_other_corp' });
  });
  it('refuses ciphertext made with another key even when correctly signed', () => {
    const otherKey = 'A'.repeat(43);
    const encrypt = encryptWecom(otherKey, 'x'.repeat(40), CORP_ID);
    const msgSignature = crypto.sign('1', '2', encrypt);
    const opened = crypto.open({ msgSignature, timestamp: '1', nonce: '2', encrypt });
    expect(opened).toMatchObject({ ok: false, reason: 'ciphertext' });
  });
  it('refuses ciphertext that is not base64 or not whole blocks', () => {
    expect(decryptWecom(AES_KEY, 'not base64!')).toMatchObject({ ok: false });
    expect(decryptWecom(AES_KEY, Buffer.alloc(20).toString('base64'))).toMatchObject({ ok: false });
  });
});

describe('sealing round-trips through opening', () => {
  it('opens what it sealed, including Chinese text, with a fixed random prefix giving fixed bytes', () => {
    const random = Buffer.alloc(16, 7);
    const a = crypto.seal('<xml><Content><![CDATA[王先生 13800138000]]></Content></xml>', '1700000000', 'abc', random);
    const b = crypto.seal('<xml><Content><![CDATA[王先生 13800138000]]></Content></xml>', '1700000000', 'abc', random);
    expect(a).toEqual(b);
    expect(crypto.open({ ...a, timestamp: '1700000000', nonce: 'abc' })).toEqual({
      ok: true,
      message: '<xml><Content><![CDATA[王先生 13800138000]]></Content></xml>',
    });
  });
  it('pads to 32-byte blocks: a 20-byte frame becomes 32 bytes, a 32-byte frame 64', () => {
    expect(Buffer.from(encryptWecom(AES_KEY, '', '', Buffer.alloc(16)), 'base64').length).toBe(32);
    expect(Buffer.from(encryptWecom(AES_KEY, 'x'.repeat(12), '', Buffer.alloc(16)), 'base64').length).toBe(64);
  });
});

describe('replay window', () => {
  const now = new Date('2026-11-28T08:00:00Z');
  const secs = String(now.getTime() / 1000);
  it('accepts a timestamp within the window either side', () => {
    expect(withinReplayWindow(String(Number(secs) - 299), now, 300)).toBe(true);
    expect(withinReplayWindow(String(Number(secs) + 299), now, 300)).toBe(true);
  });
  it('refuses one outside the window, or one that is not a number', () => {
    expect(withinReplayWindow(String(Number(secs) - 301), now, 300)).toBe(false);
    expect(withinReplayWindow('abc', now, 300)).toBe(false);
  });
});
