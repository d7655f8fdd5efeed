import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';
import { TEAM, type ClickResult, type Person, type SeenCard } from './driver.js';
import { PLATFORMS, READ_ONLY_TEAM_CHATS, useScenario } from './scenario.js';

/**
 * Issue 6 on every platform: a collision settled by a manager, fairly and on record; the pool
 * after a handover; erasure. 王小明 reported first, 李娜 collides and applies; 张经理 and
 * 刘主管 manage the team; 周总 is the admin.
 */
const { db } = await testDb();

/** Everything the one who clicked was shown: the toast and the card as it now reads. */
const told = (r: ClickResult): string => [r.toast ?? '', r.card?.text ?? ''].join('\n');

describe.each([...PLATFORMS, ...READ_ONLY_TEAM_CHATS])('rulings and the pool on $name', ({ make }) => {
  const t = useScenario(db, make);
  const MANAGERS: Person[] = ['张经理', '刘主管'];
  const rulingCard = (manager: Person) => t.cardTitled(t.rulingSeat(manager), '撞单裁决：何先生');
  /** What a message about the managers' cards must point to: the team chat, or their private chats. */
  const whereManagersRule = () => (t.rulingSeat('张经理') === TEAM ? '团队群' : '私信');
  /** Text that points to a card in the group where managers got private ones misleads them. */
  const pointsRightWay = (text: string) => {
    expect(text).toContain(whereManagersRule());
    if (whereManagersRule() === '私信') expect(text).not.toContain('团队群');
    expect(text).not.toContain('设置群');
  };
  let notYetRefreshed: SeenCard;

  describe('rule 9: the later reporter applies, and the ruling card reaches the managers', () => {
    it('posts both sides, phones masked, with the managers\' buttons', async () => {
      await t.say('王小明', '报备 何先生 13800138123 朝阳区望京 床垫 抖音');
      await t.say('李娜', '报备 何先生 13800138123 朝阳区 床垫 朋友介绍');
      const collision = t.lastCardTo('李娜');
      expect(collision.title).toBe('撞单：该客户已有人报备');
      pointsRightWay(collision.text);

      const applied = await t.click('李娜', collision, '申请裁决');
      expect(applied.card?.text).toContain('已申请裁决');
      expect(applied.card?.buttons).toEqual([]);
      // Told where the card went (WeCom has no toast: it comes as a text beside the replaced card).
      expect(applied.toast).toContain('已提交裁决申请');
      pointsRightWay(applied.toast ?? '');
      pointsRightWay(applied.card?.text ?? '');

      for (const manager of MANAGERS) {
        const card = rulingCard(manager);
        expect(card.title).toBe('撞单裁决：何先生 138****8123');
        expect(card.text).toContain('王小明');
        expect(card.text).toContain('李娜');
        expect(card.text).toContain('抖音');
        expect(card.text).toContain('转介绍');
        expect(card.text).not.toContain('13800138123');
        expect(card.buttons).toEqual(['维持原归属', '转给申请人', '延期']);
      }
      if (t.driver.hasTeamChat && !t.driver.teamChatClickable) {
        // The team chat reads the application, and where the managers rule on it.
        const summary = t.cardTitled(TEAM, '撞单裁决：何先生');
        expect(summary.title).toBe('撞单裁决：何先生 138****8123');
        expect(summary.text).toContain('王小明');
        expect(summary.text).toContain('李娜');
        expect(summary.text).not.toContain('13800138123');
        expect(summary.text).toContain('私信');
        expect(summary.buttons).toEqual([]);
      }
      expect(await t.pendingDisputes('13800138123')).toBe(1);
    });
  });

  describe('only the team\'s managers decide', () => {
    it('a rep who clicks is told so, and nothing changes', async () => {
      // On WeCom the card is the manager's private copy: a forwarded click, refused all the same.
      const res = await t.click('李娜', rulingCard('张经理'), '转给申请人');
      expect(res.toast).toBe('只有本团队的经理可以裁决。');
      expect((await t.lead('13800138123'))?.owner?.name).toBe('王小明');
      expect(await t.pendingDisputes('13800138123')).toBe(1);
      expect(rulingCard('张经理').buttons).toEqual(['维持原归属', '转给申请人', '延期']);
    });
  });

  describe('an application nobody rules on reminds the managers', () => {
    it('reminds each manager privately once disputeReminderHours have passed', async () => {
      await t.later(3);
      for (const manager of MANAGERS) expect(t.driver.cardsTo(manager).some((c) => c.title.startsWith('归属裁决申请待裁决'))).toBe(false);

      await t.later(1);
      for (const manager of MANAGERS) {
        const reminder = t.cardTitled(manager, '归属裁决申请待裁决：何先生');
        pointsRightWay(reminder.text);
        expect(reminder.text).toContain('李娜');
        expect(reminder.text).toContain('138****8123');
        expect(reminder.text).not.toContain('13800138123');
      }
    });
  });

  describe('a manager\'s decision is final, visible and on record', () => {
    it('transfers the lead: the card updates for everyone, both reps are told, history and audit keep it', async () => {
      notYetRefreshed = rulingCard('刘主管');
      const res = await t.click('张经理', rulingCard('张经理'), '转给申请人');
      expect(res.card?.text).toContain('转给申请人');
      expect(res.card?.buttons).toEqual([]);

      for (const manager of MANAGERS) {
        const card = rulingCard(manager);
        expect(card.text).toContain('转给申请人');
        expect(card.text).toContain('张经理');
        expect(card.buttons).toEqual([]);
      }
      // A team chat that took no clicks reads the outcome too.
      if (t.driver.hasTeamChat) expect(t.cardTitled(TEAM, '撞单裁决：何先生').text).toContain('转给申请人');

      const lead = await t.lead('13800138123');
      expect(lead?.owner?.name).toBe('李娜');
      const dispute = await t.dispute('13800138123');
      expect(dispute).toMatchObject({ status: 'transferred', decidedById: (await t.member('张经理')).id });
      expect((await t.audits(lead?.id ?? '')).map((a) => a.action)).toEqual(expect.arrayContaining(['ruling', 'transfer']));
      expect(await db.leadHistory.count({ where: { leadId: lead?.id, validTo: null, ownerId: lead?.ownerId } })).toBe(1);

      const winner = t.cardTitled('李娜', '撞单裁决结果：何先生');
      expect(winner.text).toContain('归属于你');
      expect(winner.text).toContain('13800138123');
      const loser = t.cardTitled('王小明', '撞单裁决结果：何先生');
      expect(loser.text).toContain('归属于 李娜');
      expect(loser.text).not.toContain('13800138123');
    });

    it('a click on a copy not yet refreshed changes nothing and says who decided', async () => {
      const res = await t.click('刘主管', notYetRefreshed, '维持原归属');
      expect(told(res)).toContain('张经理');
      expect((await t.lead('13800138123'))?.owner?.name).toBe('李娜');
    });
  });

  describe('an owner asks for more time', () => {
    it('the request reaches the managers where they can act, and the owner is told where', async () => {
      await t.say('李娜', '申请延期 何先生');
      const reply = t.driver.textsTo('李娜').at(-1) ?? '';
      expect(reply).toContain('已提交 何先生 的延期申请');
      pointsRightWay(reply);
      const request = (m: Person) => t.cardTitled(t.rulingSeat(m), '延期申请：何先生');
      for (const manager of MANAGERS) expect(request(manager).buttons).toEqual(['同意延期', '不同意']);
      if (t.driver.hasTeamChat && !t.driver.teamChatClickable) {
        const summary = t.cardTitled(TEAM, '延期申请：何先生');
        expect(summary.buttons).toEqual([]);
        expect(summary.text).toContain('私信');
      }

      const res = await t.click('张经理', request('张经理'), '同意延期');
      expect(res.card?.buttons).toEqual([]);
      for (const manager of MANAGERS) {
        expect(request(manager).text).toContain('已延期');
        expect(request(manager).buttons).toEqual([]);
      }
      expect(await t.dispute('13800138123')).toMatchObject({ kind: 'extension', status: 'extended' });
    });
  });

  describe('two managers deciding at once', () => {
    it('takes the first decision and tells the other who decided', async () => {
      await t.say('王小明', '报备 吴女士 13600136000 海淀区 儿童床');
      await t.say('李娜', '报备 吴女士 13600136000 海淀区 儿童床');
      await t.click('李娜', t.lastCardTo('李娜'), '申请裁决');
      const card = (m: Person) => t.cardTitled(t.rulingSeat(m), '撞单裁决：吴女士');

      const [zhang, liu] = await Promise.all([t.click('张经理', card('张经理'), '维持原归属'), t.click('刘主管', card('刘主管'), '转给申请人')]);

      const dispute = await t.dispute('13600136000');
      const zhangFirst = dispute.decidedById === (await t.member('张经理')).id;
      const decider = zhangFirst ? '张经理' : '刘主管';
      expect(dispute.decidedById).toBe((await t.member(decider)).id);
      expect(dispute.status).toBe(zhangFirst ? 'kept' : 'transferred');
      expect((await t.lead('13600136000'))?.owner?.name).toBe(zhangFirst ? '王小明' : '李娜');
      expect(await db.auditLog.count({ where: { leadId: dispute.leadId, action: 'ruling' } })).toBe(1);
      expect(told(zhangFirst ? liu : zhang)).toContain(`${decider} 于`);
    });
  });

  describe('handover and the public pool (公海)', () => {
    it('an admin hands a leaving rep\'s open leads to the pool, on record, and the rep is told', async () => {
      await t.say('王小明', '报备 冯先生 13711110001 西城区 沙发 A级');
      await t.say('王小明', '报备 褚女士 13711110002 东城区 床垫');
      await t.say('周总', '交接 王小明 到公海');
      const done = t.lastCardTo('周总');
      expect(done.title).toBe('交接完成');
      expect(done.text).toContain('冯先生 137****0001');
      expect(t.lastCardTo('王小明').title).toBe('你的客户已交接');
      for (const phone of ['13711110001', '13711110002']) {
        expect(await t.lead(phone)).toMatchObject({ status: 'released', ownerId: null, releaseReason: 'handover' });
      }
      expect(await db.auditLog.count({ where: { action: 'handover', ...t.inOrg } })).toBe(1);
    });

    it('the pool lists them with masked phones', async () => {
      await t.say('李娜', '公海');
      const pool = t.lastCardTo('李娜');
      expect(pool.title).toBe('公海客户');
      expect(pool.items).toEqual(expect.arrayContaining(['冯先生', '褚女士']));
      expect(pool.text).toContain('137****0001');
      expect(pool.text).not.toContain('13711110001');
      expect(pool.buttons).toContain('领取');
    });

    it('two reps claiming one lead at once: one wins, the other is told', async () => {
      await t.say('陈晨', '公海');
      const [lina, chen] = await Promise.all([
        t.click('李娜', t.lastCardTo('李娜'), '领取', { item: '冯先生' }),
        t.click('陈晨', t.lastCardTo('陈晨'), '领取', { item: '冯先生' }),
      ]);
      const lead = await t.lead('13711110001');
      const winner = lead?.owner?.name;
      expect(['李娜', '陈晨']).toContain(winner);
      expect(lead?.status).not.toBe('released');
      expect(await db.leadHistory.count({ where: { leadId: lead?.id, changeKind: 'claim' } })).toBe(1);
      const won = t.cardTitled(winner === '李娜' ? '李娜' : '陈晨', '领取成功：冯先生');
      expect(won.text).toContain('13711110001');
      // The other is told who won (WeCom: a text beside the refreshed listing), and the listing no longer offers it.
      const other = winner === '李娜' ? chen : lina;
      expect(told(other)).toContain(`已被 ${winner} 领取`);
      expect(other.card?.title).toBe('公海客户');
      expect(other.card?.text).not.toContain('冯先生');
    });

    it('the previous owner cannot reclaim a lead within the cooldown', async () => {
      await t.say('王小明', '公海');
      const res = await t.click('王小明', t.lastCardTo('王小明'), '领取', { item: '褚女士' });
      expect(res.toast).toContain('这个客户刚从你名下释放');
      expect(await t.lead('13711110002')).toMatchObject({ status: 'released', ownerId: null });
    });
  });

  describe('a customer\'s data is erased on request, by an admin only', () => {
    it('refuses anyone else', async () => {
      await t.say('张经理', '删除客户 13711110002');
      expect(t.driver.textsTo('张经理').at(-1)).toBe('只有管理员可以这样做。');
    });

    it('asks the admin to confirm, then anonymizes the lead and keeps the audit entry', async () => {
      const lead = await t.lead('13711110002');
      await t.say('周总', '删除客户 13711110002');
      const confirm = t.lastCardTo('周总');
      expect(confirm.title).toBe('删除客户个人信息？');
      expect(confirm.text).toContain('褚女士');

      const res = await t.click('周总', confirm, '确认删除');
      expect(res.card?.title).toBe('已删除客户信息');
      expect(res.card?.text).toContain('137****0002');

      const erased = await db.lead.findUniqueOrThrow({ where: { id: lead?.id } });
      expect(erased).toMatchObject({ name: '已删除', address: null, product: null });
      expect(erased.phone).not.toContain('13711110002');
      expect(erased.erasedAt).not.toBeNull();
      expect((await t.audits(erased.id)).map((a) => a.action)).toContain('erase');
      await t.say('李娜', '公海');
      expect(t.lastCardTo('李娜').text).not.toContain('褚女士');
    });
  });
});
