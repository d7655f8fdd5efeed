import { describe, expect, it } from 'vitest';
import { cardSchema, type Card } from '../../../src/cards/model.js';
import { renderFeishuCard, type FeishuJson } from '../../../src/platforms/feishu/renderCard.js';

function card(input: unknown): Card {
  return cardSchema.parse(input);
}

function elements(json: FeishuJson): FeishuJson[] {
  const body = json.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('no body');
  const els = body.elements;
  if (!Array.isArray(els)) throw new Error('no elements');
  return els.filter((e): e is FeishuJson => typeof e === 'object' && e !== null && !Array.isArray(e));
}

describe('a card becomes Feishu card JSON 2.0', () => {
  it('declares schema 2.0, a shared card, and a coloured header with title and subtitle', () => {
    const out = renderFeishuCard(card({ header: { title: '报备成功', subtitle: '张先生', color: 'green' }, elements: [] }));
    expect(out).toMatchObject({
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { tag: 'plain_text', content: '报备成功' }, subtitle: { tag: 'plain_text', content: '张先生' }, template: 'green' },
      body: { elements: [] },
    });
  });

  it('turns text into markdown and a note into small markdown', () => {
    const out = elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'text', text: '**客户** 张先生\n第二行' }, { type: 'note', text: '3 分钟内可撤销' }] })));
    expect(out).toEqual([
      { tag: 'markdown', content: '**客户** 张先生\n第二行' },
      { tag: 'markdown', content: '3 分钟内可撤销', text_size: 'notation' },
    ]);
  });

  it('escapes angle brackets so typed text can never become an @all or a font tag', () => {
    const out = elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'text', text: '备注 <at id=all></at>' }] })));
    expect(out[0]).toEqual({ tag: 'markdown', content: '备注 &lt;at id=all&gt;&lt;/at&gt;' });
  });

  it('writes a masked phone\'s asterisks as &#42; so Feishu markdown shows them, also inside bold', () => {
    const out = elements(
      renderFeishuCard(
        card({
          header: { title: '撞单裁决：何先生 138****8123' },
          elements: [
            { type: 'text', text: '客户 **138****8123** 已由 **王小明** 报备，共 2 * 3 = 6 次' },
            { type: 'note', text: '电话 139****0001' },
          ],
        }),
      ),
    );
    expect(out).toEqual([
      { tag: 'markdown', content: '客户 **138&#42;&#42;&#42;&#42;8123** 已由 **王小明** 报备，共 2 * 3 = 6 次' },
      { tag: 'markdown', content: '电话 139&#42;&#42;&#42;&#42;0001', text_size: 'notation' },
    ]);
    // The header is plain text: shown as written.
    expect(renderFeishuCard(card({ header: { title: '何先生 138****8123' }, elements: [] })).header).toMatchObject({ title: { content: '何先生 138****8123' } });
  });

  it('lays fields out two per row in column sets', () => {
    const out = elements(
      renderFeishuCard(
        card({
          header: { title: 't' },
          elements: [{ type: 'fields', fields: [{ label: '电话', value: '138****8000' }, { label: '意向', value: 'A' }, { label: '预算', value: '30万' }] }],
        }),
      ),
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      tag: 'column_set',
      columns: [
        { tag: 'column', elements: [{ tag: 'markdown', content: '**电话**\n138&#42;&#42;&#42;&#42;8000' }] },
        { tag: 'column', elements: [{ tag: 'markdown', content: '**意向**\nA' }] },
      ],
    });
    expect(out[1]).toMatchObject({ tag: 'column_set', columns: [{ elements: [{ content: '**预算**\n30万' }] }] });
  });

  it('renders a divider as hr', () => {
    expect(elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'divider' }] })))).toEqual([{ tag: 'hr' }]);
  });

  it('gives every button a callback behaviour whose value is {action, ...value}, with style and confirm', () => {
    const out = elements(
      renderFeishuCard(
        card({
          header: { title: 't' },
          elements: [
            {
              type: 'actions',
              buttons: [
                { text: '添加跟进', action: 'lead.followup', value: { leadId: 'L1' }, style: 'primary' },
                { text: '撤销', action: 'lead.undo', value: { leadId: 'L1' }, style: 'danger', confirm: '确定撤销这条报备？' },
              ],
            },
          ],
        }),
      ),
    );
    expect(out[0]).toMatchObject({
      tag: 'column_set',
      columns: [
        {
          elements: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: '添加跟进' },
              type: 'primary',
              behaviors: [{ type: 'callback', value: { action: 'lead.followup', leadId: 'L1' } }],
            },
          ],
        },
        {
          elements: [
            {
              tag: 'button',
              type: 'danger',
              behaviors: [{ type: 'callback', value: { action: 'lead.undo', leadId: 'L1' } }],
              confirm: { title: { tag: 'plain_text', content: '撤销' }, text: { tag: 'plain_text', content: '确定撤销这条报备？' } },
            },
          ],
        },
      ],
    });
  });

  it('keeps the action id even if a value tries to override it', () => {
    const out = elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'actions', buttons: [{ text: 'x', action: 'a.real', value: { action: 'a.fake' } }] }] })));
    expect(JSON.stringify(out)).toContain('"action":"a.real"');
    expect(JSON.stringify(out)).not.toContain('a.fake');
  });

  it('renders a form with input, select_static and date_picker pre-filled, and a submit button', () => {
    const out = elements(
      renderFeishuCard(
        card({
          header: { title: '补全报备信息' },
          elements: [
            {
              type: 'form',
              name: 'register',
              inputs: [
                { type: 'text', name: 'name', label: '客户姓名', value: '张先生', required: true },
                { type: 'text', name: 'notes', label: '备注', multiline: true, placeholder: '选填' },
                { type: 'select', name: 'source', label: '来源', value: 'walkin', options: [{ text: '到店', value: 'walkin' }, { text: '电话', value: 'phone' }] },
                { type: 'date', name: 'firstContactAt', label: '首次接触', value: '2026-11-30' },
              ],
              submit: { text: '提交', action: 'lead.register', value: { draft: 'd1' }, style: 'primary' },
            },
          ],
        }),
      ),
    );
    expect(out).toHaveLength(1);
    const form = out[0];
    expect(form).toMatchObject({ tag: 'form', name: 'register' });
    expect(form?.elements).toEqual([
      { tag: 'input', name: 'name', required: true, label: { tag: 'plain_text', content: '客户姓名' }, label_position: 'top', input_type: 'text', default_value: '张先生' },
      { tag: 'input', name: 'notes', required: false, label: { tag: 'plain_text', content: '备注' }, label_position: 'top', input_type: 'multiline_text', placeholder: { tag: 'plain_text', content: '选填' } },
      { tag: 'markdown', content: '**来源**' },
      {
        tag: 'select_static',
        name: 'source',
        required: false,
        placeholder: { tag: 'plain_text', content: '来源' },
        options: [
          { text: { tag: 'plain_text', content: '到店' }, value: 'walkin' },
          { text: { tag: 'plain_text', content: '电话' }, value: 'phone' },
        ],
        initial_option: 'walkin',
      },
      { tag: 'markdown', content: '**首次接触**' },
      { tag: 'date_picker', name: 'firstContactAt', required: false, placeholder: { tag: 'plain_text', content: '首次接触' }, initial_date: '2026-11-30' },
      {
        tag: 'button',
        name: 'register_submit',
        text: { tag: 'plain_text', content: '提交' },
        type: 'primary',
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value: { action: 'lead.register', draft: 'd1' } }],
      },
    ]);
  });

  it('renders a table with named columns and one object per row', () => {
    const out = elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'table', columns: ['销售', '报备数'], rows: [['王五', '12'], ['赵六', '9']] }] })));
    expect(out[0]).toMatchObject({
      tag: 'table',
      page_size: 2,
      columns: [
        { name: 'c0', display_name: '销售', data_type: 'text' },
        { name: 'c1', display_name: '报备数', data_type: 'text' },
      ],
      rows: [
        { c0: '王五', c1: '12' },
        { c0: '赵六', c1: '9' },
      ],
    });
  });

  it('pages a long table at ten rows', () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`r${i}`]);
    const out = elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'table', columns: ['x'], rows }] })));
    expect(out[0]?.page_size).toBe(10);
  });

  it('renders a pie chart as a VChart spec with category and value fields', () => {
    const data = [{ label: '成交', value: 3 }, { label: '跟进中', value: 7 }];
    const out = elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'chart', kind: 'pie', title: '本月状态', data }] })));
    expect(out[0]).toMatchObject({
      tag: 'chart',
      chart_spec: { type: 'pie', title: { text: '本月状态' }, data: [{ id: 'data', values: data }], valueField: 'value', categoryField: 'label' },
    });
  });

  it.each(['bar', 'line'] as const)('renders a %s chart with x = label and y = value', (kind) => {
    const out = elements(renderFeishuCard(card({ header: { title: 't' }, elements: [{ type: 'chart', kind, title: '趋势', data: [{ label: '周一', value: 2 }] }] })));
    expect(out[0]).toMatchObject({ tag: 'chart', chart_spec: { type: kind, xField: 'label', yField: 'value', data: [{ values: [{ label: '周一', value: 2 }] }] } });
  });

  it('is pure: the same card renders to the same JSON', () => {
    const c = card({ header: { title: 't' }, elements: [{ type: 'text', text: 'a' }, { type: 'divider' }] });
    expect(JSON.stringify(renderFeishuCard(c))).toBe(JSON.stringify(renderFeishuCard(c)));
  });
});
