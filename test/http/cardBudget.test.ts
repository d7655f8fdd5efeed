import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { eventually } from '../fakes/http.js';
import { ENCRYPT_KEY, cardText, startHarness, type Harness } from './harness.js';

// A budget far below any real handling time: every card action misses the inline answer.
const { db } = await testDb();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db, encryptKey: ENCRYPT_KEY, actionBudgetMs: 1 });
  h.fake.addUser('ou_rep1', { name: '李雷' });
});
afterAll(async () => {
  await h.close();
});

describe('a card action slower than Feishu\'s budget still lands', () => {
  it('answers the click at once with no change, then patches the card when the work is done', async () => {
    const said = h.say({ senderOpenId: 'ou_rep1', text: '报备 张伟 13812345678 朝阳区望京花园 床垫', messageId: 'om_slow' });
    expect((await said.response).status).toBe(200);
    const card = await eventually(() => h.fake.sent.find((m) => m.replyTo === 'om_slow'), 15_000, 'the success card');

    const res = await h.click(card, '撤销', { operator: 'ou_rep1' });
    expect(res).toEqual({ status: 200, json: {} });
    const patch = await eventually(() => h.fake.patches.find((p) => p.messageId === card.messageId), 10_000, 'the late card update');
    expect(patch.content).toMatchObject({ schema: '2.0' });
    expect(cardText(patch.content)).not.toContain('报备成功');
  });
});
