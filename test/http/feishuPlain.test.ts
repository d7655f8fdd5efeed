import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { eventually } from '../fakes/http.js';
import { buildCallback, messageEvent, urlVerification } from '../fakes/feishuCallbacks.js';
import { TOKEN, cardText, startHarness, type Harness } from './harness.js';

// No FEISHU_ENCRYPT_KEY: Feishu posts plaintext JSON and the verification token is the check.
const { db } = await testDb();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db });
  h.fake.addUser('ou_rep1', { name: '李雷' });
});
afterAll(async () => {
  await h.close();
});

const keys = { verificationToken: TOKEN };

describe('the plaintext url_verification challenge is answered', () => {
  it('echoes the challenge', async () => {
    const cb = buildCallback(urlVerification(TOKEN, 'plain-123'), keys);
    expect(await h.postEvent(cb.body, cb.headers)).toEqual({ status: 200, json: { challenge: 'plain-123' } });
  });

  it('refuses a challenge carrying another token', async () => {
    const cb = buildCallback(urlVerification('not-ours'), keys);
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 401, json: { error: 'bad_token' } });
  });
});

describe('plaintext events are checked by their token', () => {
  it('processes an event with our token', async () => {
    const cb = buildCallback(messageEvent({ token: TOKEN, senderOpenId: 'ou_rep1', text: '帮助', messageId: 'om_plain' }), keys);
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 200, json: { stored: true } });
    const reply = await eventually(() => h.fake.sent.find((m) => m.replyTo === 'om_plain'), 15_000, 'the reply');
    expect(cardText(reply.content).length).toBeGreaterThan(0);
  });

  it('refuses an event with a forged token and stores nothing', async () => {
    const cb = buildCallback(messageEvent({ token: 'forged', text: '帮助', messageId: 'om_forged' }), keys);
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 401, json: { error: 'bad_token' } });
    expect(await db.inboundEvent.count({ where: { eventKey: 'om_forged' } })).toBe(0);
  });

  it('refuses an encrypted body when no key is configured', async () => {
    const cb = buildCallback(messageEvent({ token: TOKEN, text: '帮助' }), { verificationToken: TOKEN, encryptKey: 'some-key' });
    expect(await h.postEvent(cb.body, cb.headers)).toMatchObject({ status: 400, json: { error: 'undecryptable' } });
  });
});
