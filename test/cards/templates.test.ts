import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR, label, labelOptions, renderCard, text } from '../../src/cards/render.js';
import { cardPlainText } from '../../src/cards/plainText.js';
import { formatBudget, formatDate } from '../../src/cards/format.js';
import type { Card, CardButton } from '../../src/cards/model.js';
import { templateVars } from './fixtures.js';

/** The conversation cards: all but the text table and the scheduled jobs' digests and reminders, tested with the jobs. */
const templates = readdirSync(CARDS_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'texts.json' && !f.startsWith('digest-') && !f.startsWith('reminder-'))
  .map((f) => f.slice(0, -'.json'.length));

function buttons(card: Card): CardButton[] {
  return card.elements.flatMap((el) => (el.type === 'actions' ? el.buttons : el.type === 'form' ? [el.submit] : []));
}

describe('every card template renders into a valid card', () => {
  it.each(templates)('%s', (name) => {
    const vars = templateVars[name];
    expect(vars, `test/cards/fixtures.ts has no variables for ${name}`).toBeDefined();
    const card = renderCard(name, vars ?? {});
    const visible = cardPlainText(card);
    expect(visible).not.toMatch(/\{\{|\}\}/);
    expect(visible).not.toContain('undefined');
    expect(visible).not.toContain('[object Object]');
  });

  it('fails loudly on an unknown template or a card that breaks the model', () => {
    expect(() => renderCard('no-such-card', {})).toThrow();
    expect(() => renderCard('ruling-notice', { ...templateVars['ruling-notice'], color: 'pink' })).toThrow(/ruling-notice is invalid at header.color/);
  });
});

describe('the registration cards', () => {
  it('success shows the lead summary, late and duplicate notes, and undo while allowed', () => {
    const card = renderCard('register-success', templateVars['register-success'] ?? {});
    const visible = cardPlainText(card);
    expect(visible).toContain('报备成功：张伟');
    expect(visible).toContain('电话：13812345678');
    expect(visible).toContain('来源：抖音');
    expect(visible).toContain('迟报');
    expect(visible).toContain('可能重复');
    expect(buttons(card).map((b) => b.text)).toEqual(['添加跟进', '编辑', '撤销']);
    expect(buttons(card)[0]).toMatchObject({ action: 'lead.followup.open', value: { leadId: 'lead_1' } });
  });

  it('success without the undo window has no undo button and no empty notes', () => {
    const card = renderCard('register-success', { ...templateVars['register-success'], canUndo: false, duplicates: [] });
    expect(buttons(card).map((b) => b.text)).toEqual(['添加跟进', '编辑']);
    expect(cardPlainText(card)).not.toContain('可能重复');
  });

  it('the form is pre-filled with what was understood and offers the label lists as choices', () => {
    const card = renderCard('register-form', templateVars['register-form'] ?? {});
    const form = card.elements.find((el) => el.type === 'form');
    if (form?.type !== 'form') throw new Error('no form');
    expect(form.inputs.find((i) => i.name === 'name')?.value).toBe('张伟');
    expect(form.inputs.find((i) => i.name === 'phone')).not.toHaveProperty('value');
    const source = form.inputs.find((i) => i.name === 'source');
    expect(source?.type === 'select' && source.options.find((o) => o.value === 'douyin')?.text).toBe('抖音');
    expect(form.submit).toMatchObject({ action: 'lead.register.submit', value: { sentAt: '2026-11-24T02:00:00.000Z' } });
  });

  it('collision names the owner and since when with the phone masked, and offers a ruling once', () => {
    const vars = templateVars.collision ?? {};
    const card = renderCard('collision', vars);
    expect(cardPlainText(card)).toContain('已由 **李雷** 于 11月24日 10:00 报备');
    expect(cardPlainText(card)).toContain('138****5678');
    expect(cardPlainText(card)).not.toContain('13812345678');
    expect(buttons(card)).toMatchObject([{ text: '申请裁决', action: 'dispute.apply', value: { leadId: 'lead_1' } }]);
    const applied = renderCard('collision', { ...vars, applied: true, appliedAt: '11月24日 10:01' });
    expect(buttons(applied)).toEqual([]);
    expect(cardPlainText(applied)).toContain('已申请裁决');
  });
});

describe('the ruling card', () => {
  it('puts both sides side by side with manager buttons while pending', () => {
    const card = renderCard('ruling', templateVars.ruling ?? {});
    const table = card.elements.find((el) => el.type === 'table');
    expect(table?.type === 'table' && table.rows[0]).toEqual(['销售', '李雷', '韩梅梅']);
    expect(buttons(card).map((b) => [b.text, b.value])).toEqual([
      ['维持原归属', { disputeId: 'd_1', decision: 'keep' }],
      ['转给申请人', { disputeId: 'd_1', decision: 'transfer' }],
      ['延期', { disputeId: 'd_1', decision: 'extend' }],
    ]);
  });

  it('after a decision shows the outcome and who decided, with no buttons', () => {
    const card = renderCard('ruling', { ...templateVars.ruling, pending: false, outcome: { label: '转给申请人', by: '王经理', at: '11月25日 10:00', owner: '韩梅梅' } });
    expect(buttons(card)).toEqual([]);
    expect(cardPlainText(card)).toContain('裁决结果：转给申请人');
    expect(cardPlainText(card)).toContain('王经理 于 11月25日 10:00 裁决');
  });
});

describe('lists page and offer buttons per lead', () => {
  it('the pool shows masked phones, why and when released, and a claim button per lead', () => {
    const card = renderCard('pool-list', { ...templateVars['pool-list'], nextPage: 2 });
    const visible = cardPlainText(card);
    expect(visible).toContain('138****5678');
    expect(visible).toContain('原因：超期未跟进');
    expect(buttons(card).map((b) => `${b.action}:${JSON.stringify(b.value)}`)).toEqual(['pool.claim:{"leadId":"lead_1","page":1}', 'pool.page:{"page":2}']);
  });

  it('my leads flags the overdue ones', () => {
    const visible = cardPlainText(renderCard('my-leads', templateVars['my-leads'] ?? {}));
    expect(visible).toContain('⚠️ **张伟**');
    expect(visible).toContain('已逾期：应于 11月27日 跟进');
    expect(visible).toContain('1** 个客户已逾期');
  });

  it('an ambiguous name offers each candidate as a button carrying the pending command', () => {
    const card = renderCard('ambiguous', templateVars.ambiguous ?? {});
    expect(buttons(card).map((b) => b.value)).toEqual([
      { leadId: 'l1', pending: { command: 'won' } },
      { leadId: 'l2', pending: { command: 'won' } },
    ]);
  });
});

describe('texts, labels and formats live in cards/texts.json', () => {
  it('fills a short text and fails on a missing key', () => {
    expect(text('toast.claimLimit', { used: 5, limit: 5 })).toBe('今天已领取 5 个，已达上限 5 个。');
    expect(() => text('toast.nope')).toThrow(/no text at toast.nope/);
  });

  it('labels codes in Chinese and keeps unknown codes as written', () => {
    expect(label('source', 'referral')).toBe('转介绍');
    expect(label('source', 'tiktok')).toBe('tiktok');
    expect(label('source', null)).toBe('');
    expect(labelOptions('gender')).toEqual([{ text: '男', value: 'male' }, { text: '女', value: 'female' }]);
  });

  it('formats dates in the team time zone and budgets in 万', () => {
    const at = new Date('2026-11-24T02:05:00Z');
    expect(formatDate(at, 'Asia/Shanghai', 'dateTime')).toBe('11月24日 10:05');
    expect(formatDate(at, 'America/New_York', 'date')).toBe('11月23日');
    expect(formatDate(null, 'Asia/Shanghai')).toBe('');
    expect(formatBudget(5000, 5000)).toBe('5000');
    expect(formatBudget(800_000, 1_000_000)).toBe('80万–100万');
    expect(formatBudget(0, 1_000_000)).toBe('100万以内');
    expect(formatBudget(500_000, null)).toBe('50万以上');
    expect(formatBudget(null, null)).toBe('');
  });
});

describe('the 看板 link card', () => {
  it('carries the sign-in link as a link element, with how long it lasts', () => {
    const card = renderCard('dashboard-link', templateVars['dashboard-link'] ?? {});
    expect(card.elements).toContainEqual({ type: 'link', text: '打开看板', url: 'https://crm.example.com/dashboard/signin?t=abc' });
    expect(cardPlainText(card)).toContain('5 分钟内有效');
  });
});
