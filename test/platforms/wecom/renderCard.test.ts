import { describe, expect, it } from 'vitest';
import { cardSchema, type Card } from '../../../src/cards/model.js';
import { decodeActionKey, encodeActionKey, MAX_KEY_BYTES } from '../../../src/platforms/wecom/actionKey.js';
import { toIncomingAction } from '../../../src/platforms/wecom/incoming.js';
import { renderCard, renderMarkdown, renderText, taskIdFor } from '../../../src/platforms/wecom/renderCard.js';
import type { WecomCardEvent } from '../../../src/platforms/wecom/xml.js';

const opts = { taskId: 'lead_task_1', linkUrl: 'https://work.weixin.qq.com/' };
const card = (c: unknown): Card => cardSchema.parse(c);

function clickOf(key: string, selected: Record<string, string[]> = {}): WecomCardEvent {
  const items = Object.entries(selected).map(([QuestionKey, ids]) => ({ QuestionKey, OptionIds: { OptionId: ids } }));
  return {
    ToUserName: 'ww_corp',
    FromUserName: 'zhangsan',
    CreateTime: '1700000000',
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: key,
    TaskId: 'lead_task_1',
    CardType: 'button_interaction',
    ResponseCode: 'rc-1',
    ...(items.length > 0 ? { SelectedItems: { SelectedItem: items } } : {}),
  };
}

const success = card({
  header: { title: '报备成功', subtitle: '先报先保', color: 'green' },
  elements: [
    { type: 'text', text: '客户 **王先生** 已归你所有。' },
    { type: 'fields', fields: [{ label: '电话', value: '138****8000' }, { label: '意向', value: 'SUV' }] },
    { type: 'note', text: '5分钟内可撤销' },
    {
      type: 'actions',
      buttons: [
        { text: '写跟进', action: 'followup.open', value: { leadId: 'c1' }, style: 'primary' },
        { text: '撤销', action: 'lead.undo', value: { leadId: 'c1' }, style: 'danger', confirm: '确定撤销？' },
      ],
    },
  ],
});

describe('a card with buttons becomes button_interaction', () => {
  const { card: out, prompt } = renderCard(success, opts);
  it('uses the header as main title, fields as horizontal content, text as sub title, notes as the quote', () => {
    expect(out).toMatchObject({
      card_type: 'button_interaction',
      task_id: 'lead_task_1',
      main_title: { title: '报备成功', desc: '先报先保' },
      sub_title_text: '客户 王先生 已归你所有。',
      quote_area: { type: 0, quote_text: '5分钟内可撤销' },
      horizontal_content_list: [
        { keyname: '电话', value: '138****8000' },
        { keyname: '意向', value: 'SUV' },
      ],
    });
    expect(prompt).toBeUndefined();
  });
  it('maps button styles and gives every button a distinct key that decodes to its action and value', () => {
    if (out.card_type !== 'button_interaction') throw new Error(out.card_type);
    expect(out.button_list.map((b) => [b.text, b.style])).toEqual([['写跟进', 1], ['撤销', 3]]);
    expect(new Set(out.button_list.map((b) => b.key)).size).toBe(2);
    expect(out.button_list.map((b) => decodeActionKey(b.key))).toEqual([
      { action: 'followup.open', value: { leadId: 'c1' } },
      { action: 'lead.undo', value: { leadId: 'c1' } },
    ]);
  });
  it('turns a click on a button back into the core action', () => {
    if (out.card_type !== 'button_interaction') throw new Error(out.card_type);
    const action = toIncomingAction(clickOf(out.button_list[1]!.key), 'ww_corp');
    expect(action).toMatchObject({ platform: 'wecom', tenantKey: 'ww_corp', userId: 'zhangsan', action: 'lead.undo', value: { leadId: 'c1' } });
    expect(action?.form).toBeUndefined();
  });
  it('keeps at most six buttons and six horizontal items, spilling extra fields into the sub title', () => {
    const many = card({
      header: { title: 't' },
      elements: [
        { type: 'fields', fields: Array.from({ length: 8 }, (_, i) => ({ label: `L${i}`, value: `V${i}` })) },
        { type: 'actions', buttons: Array.from({ length: 8 }, (_, i) => ({ text: `b${i}`, action: `a${i}`, value: {} })) },
      ],
    });
    const r = renderCard(many, opts).card;
    if (r.card_type !== 'button_interaction') throw new Error(r.card_type);
    expect(r.button_list).toHaveLength(6);
    expect(r.horizontal_content_list).toHaveLength(6);
    expect(r.sub_title_text).toBe('L6：V6\nL7：V7');
  });
});

describe('a list card with one button per item: a dropdown of the items and one button', () => {
  const names = ['张伟', '李娜', '王芳', '刘洋', '陈静'];
  const pool = card({
    header: { title: '公海客户' },
    elements: [
      ...names.flatMap((name, i) => [
        { type: 'text', text: `**${name}**　138****000${i}` },
        { type: 'fields', fields: [{ label: '原因', value: '超期未跟进' }] },
        { type: 'actions', buttons: [{ text: '领取', action: 'pool.claim', value: { leadId: `l${i}`, page: 1 }, style: 'primary' }] },
      ]),
      {
        type: 'actions',
        buttons: [
          { text: '上一页', action: 'pool.page', value: { page: 1 } },
          { text: '下一页', action: 'pool.page', value: { page: 3 } },
        ],
      },
    ],
  });
  const { card: out } = renderCard(pool, opts);
  it('names the items in the dropdown and keeps the page buttons', () => {
    if (out.card_type !== 'button_interaction') throw new Error(out.card_type);
    expect(out.button_selection).toMatchObject({ question_key: '__choice', option_list: names.map((text, i) => ({ id: String(i), text })) });
    expect(out.button_list.map((b) => b.text)).toEqual(['领取', '上一页', '下一页']);
  });
  it('lays each item out as lines in order rather than one grid', () => {
    if (out.card_type !== 'button_interaction') throw new Error(out.card_type);
    expect(out.horizontal_content_list).toBeUndefined();
    expect(out.sub_title_text?.split('\n').slice(0, 4)).toEqual(['张伟　138****0000', '原因：超期未跟进', '李娜　138****0001', '原因：超期未跟进']);
  });
  it('turns the click back into the chosen item', () => {
    if (out.card_type !== 'button_interaction') throw new Error(out.card_type);
    const action = toIncomingAction(clickOf(out.button_list[0]!.key, { __choice: ['3'] }), 'ww_corp');
    expect(action).toMatchObject({ action: 'pool.claim', value: { leadId: 'l3', page: 1 } });
    expect(action?.form).toBeUndefined();
    const page = toIncomingAction(clickOf(out.button_list[2]!.key, { __choice: ['3'] }), 'ww_corp');
    expect(page).toMatchObject({ action: 'pool.page', value: { page: 3 } });
  });
  it('leaves a handful of distinct choices as buttons', () => {
    const ambiguous = card({
      header: { title: '有 2 个客户叫「张伟」' },
      elements: [
        {
          type: 'actions',
          buttons: [
            { text: '张伟 138****0001', action: 'lead.choose', value: { leadId: 'a' } },
            { text: '张伟 139****0002', action: 'lead.choose', value: { leadId: 'b' } },
          ],
        },
      ],
    });
    const r = renderCard(ambiguous, opts).card;
    if (r.card_type !== 'button_interaction') throw new Error(r.card_type);
    expect(r.button_selection).toBeUndefined();
    expect(r.button_list.map((b) => b.text)).toEqual(['张伟 138****0001', '张伟 139****0002']);
  });
});

describe('a card without buttons becomes text_notice with the required link', () => {
  it('renders tables and charts as plain text lines', () => {
    const digest = card({
      header: { title: '团队日报' },
      elements: [
        { type: 'table', columns: ['销售', '报备'], rows: [['张三', '3'], ['李四', '1']] },
        { type: 'chart', kind: 'pie', title: '来源', data: [{ label: '抖音', value: 3 }, { label: '到店', value: 1 }] },
      ],
    });
    expect(renderCard(digest, opts).card).toEqual({
      card_type: 'text_notice',
      main_title: { title: '团队日报' },
      sub_title_text: '销售 | 报备\n张三 | 3\n李四 | 1\n来源\n抖音：3（75%）\n到店：1（25%）',
      card_action: { type: 1, url: 'https://work.weixin.qq.com/' },
    });
  });
});

const registerForm = card({
  header: { title: '还差一点信息', color: 'orange' },
  elements: [
    { type: 'text', text: '请补充：**电话**' },
    {
      type: 'form',
      name: 'register',
      inputs: [
        { type: 'text', name: 'name', label: '姓名', value: '王先生', required: true },
        { type: 'select', name: 'gender', label: '性别', value: 'male', options: [{ text: '男', value: 'male' }, { text: '女', value: 'female' }] },
        { type: 'text', name: 'phone', label: '电话', required: true },
        { type: 'select', name: 'level', label: '意向级别', value: 'A', options: [{ text: 'A', value: 'A' }, { text: 'B', value: 'B' }] },
        { type: 'date', name: 'nextFollowUpAt', label: '下次跟进', value: '2026-12-01' },
      ],
      submit: { text: '提交报备', action: 'lead.register.submit', value: { sentAt: '2026-11-28T08:00:00.000Z' }, style: 'primary' },
    },
  ],
});

describe('a form with text inputs: WeCom cards cannot take typing', () => {
  const { card: out, prompt } = renderCard(registerForm, opts);
  it('shows the pre-filled values as text, offers the first select as a dropdown, and one confirm-as-is button', () => {
    if (out.card_type !== 'button_interaction') throw new Error(out.card_type);
    expect(out.horizontal_content_list).toEqual([
      { keyname: '姓名', value: '王先生' },
      { keyname: '电话', value: '未填' },
      { keyname: '意向级别', value: 'A' },
      { keyname: '下次跟进', value: '2026-12-01' },
    ]);
    expect(out.button_selection).toEqual({
      question_key: 'gender',
      title: '性别',
      option_list: [{ id: 'male', text: '男' }, { id: 'female', text: '女' }],
      selected_id: 'male',
    });
    expect(out.button_list.map((b) => b.text)).toEqual(['按当前内容提交']);
    expect(out.sub_title_text).toContain('还缺：电话');
  });
  it('asks, in a follow-up text, to resend the message with the missing field', () => {
    expect(prompt).toContain('电话');
    expect(prompt).toContain('重新发送');
  });
  it('submits the values it holds plus the dropdown choice as the form', () => {
    if (out.card_type !== 'button_interaction') throw new Error(out.card_type);
    const action = toIncomingAction(clickOf(out.button_list[0]!.key, { gender: ['female'] }), 'ww_corp');
    expect(action).toMatchObject({
      action: 'lead.register.submit',
      value: { sentAt: '2026-11-28T08:00:00.000Z' },
      form: { name: '王先生', level: 'A', nextFollowUpAt: '2026-12-01', gender: 'female' },
    });
  });
});

describe('a form of selects only becomes multiple_interaction', () => {
  const lost = card({
    header: { title: '标记战败', subtitle: '选择原因' },
    elements: [
      {
        type: 'form',
        name: 'lost',
        inputs: [{ type: 'select', name: 'reason', label: '原因', options: [{ text: '价格', value: 'price' }, { text: '竞品', value: 'rival' }] }],
        submit: { text: '确认', action: 'lead.lost.submit', value: { leadId: 'c9' } },
      },
    ],
  });
  const { card: out } = renderCard(lost, opts);
  it('lists the selects and a submit button', () => {
    expect(out).toMatchObject({
      card_type: 'multiple_interaction',
      task_id: 'lead_task_1',
      main_title: { title: '标记战败', desc: '选择原因' },
      select_list: [{ question_key: 'reason', title: '原因', option_list: [{ id: 'price', text: '价格' }, { id: 'rival', text: '竞品' }] }],
      submit_button: { text: '确认' },
    });
  });
  it('reads the chosen options back as the form', () => {
    if (out.card_type !== 'multiple_interaction') throw new Error(out.card_type);
    const action = toIncomingAction(clickOf(out.submit_button.key, { reason: ['rival'] }), 'ww_corp');
    expect(action).toMatchObject({ action: 'lead.lost.submit', value: { leadId: 'c9' }, form: { reason: 'rival' } });
  });
});

describe("button keys stay within WeCom's 1024 bytes", () => {
  it('compresses a large but repetitive value', () => {
    const value = { notes: '客户想要白色的SUV，预算二十万左右。'.repeat(30), leadId: 'c1' };
    const key = encodeActionKey(0, { action: 'lead.edit', value });
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(key.startsWith('z:')).toBe(true);
    expect(decodeActionKey(key)).toEqual({ action: 'lead.edit', value });
  });
  it('refuses, at render time, a value that cannot fit', () => {
    const value = { blob: Array.from({ length: 900 }, (_, i) => ((i * 7919) % 997).toString(36)).join('') };
    expect(() => encodeActionKey(0, { action: 'x', value })).toThrow(/1024/);
  });
  it('ignores keys it did not make', () => {
    expect(decodeActionKey('approve')).toBeNull();
    expect(decodeActionKey('j:0:bm90IGpzb24')).toBeNull();
  });
});

describe('long content is cut where WeCom would cut it, on a character boundary', () => {
  const long = card({
    header: { title: '团队日报' },
    elements: [{ type: 'table', columns: ['销售', '报备'], rows: Array.from({ length: 200 }, (_, i) => [`销售员${i}`, String(i)]) }],
  });
  it("cuts a card's text to 600 characters with an ellipsis and says so", () => {
    const r = renderCard(long, opts);
    expect(r.clipped).toBe(true);
    const text = r.card.card_type === 'text_notice' ? (r.card.sub_title_text ?? '') : '';
    expect([...text]).toHaveLength(600);
    expect(text.endsWith('…')).toBe(true);
  });
  it('cuts a text reply to 2048 bytes', () => {
    const content = renderText('客'.repeat(1000)).text.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(content.endsWith('客…')).toBe(true);
  });
});

describe('text replies and markdown', () => {
  it('sends plain text without markdown markers', () => {
    expect(renderText('已记录 **跟进**')).toEqual({ msgtype: 'text', text: { content: '已记录 跟进' } });
  });
  it('keeps a masked phone whole when it is bold', () => {
    expect(renderText('客户 **138****8123** 已由 **王小明** 报备')).toEqual({ msgtype: 'text', text: { content: '客户 138****8123 已由 王小明 报备' } });
  });
  it('keeps a masked phone whole on a template card, bold or not', () => {
    const r = renderCard(card({ header: { title: '撞单' }, elements: [{ type: 'text', text: '客户 **138****8123** 已由 **王小明** 报备' }] }), opts);
    if (r.card.card_type !== 'text_notice') throw new Error(r.card.card_type);
    expect(r.card.sub_title_text).toBe('客户 138****8123 已由 王小明 报备');
  });
  it('writes a bold masked phone plain in markdown (WeCom markdown cannot escape *), other bold stays', () => {
    const md = renderMarkdown(
      card({ header: { title: '撞单裁决：何先生 138****8123' }, elements: [{ type: 'text', text: '客户 **138****8123** 已由 **王小明** 报备' }] }),
    );
    expect(md).toBe('撞单裁决：何先生 138****8123\n客户 138****8123 已由 **王小明** 报备');
  });
  it('renders a card as markdown for group chats, leaving out buttons', () => {
    expect(renderMarkdown(success)).toBe('**报备成功**\n<font color="comment">先报先保</font>\n客户 **王先生** 已归你所有。\n电话：138****8000\n意向：SUV\n> 5分钟内可撤销');
  });
  it('derives a stable task id WeCom accepts', () => {
    expect(taskIdFor('reply:1')).toBe(taskIdFor('reply:1'));
    expect(taskIdFor('reply:1')).not.toBe(taskIdFor('reply:2'));
    expect(taskIdFor('reply:1')).toMatch(/^[0-9A-Za-z_\-@]{1,128}$/);
  });
});
