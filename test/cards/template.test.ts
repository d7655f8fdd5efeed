import { describe, expect, it } from 'vitest';
import { expand, interpolate } from '../../src/cards/template.js';

describe('placeholders are replaced by the variables', () => {
  it('fills a dotted path inside a sentence', () => {
    expect(interpolate('客户 {{lead.name}} 归属 {{owner}}', { lead: { name: '王先生' }, owner: '张三' })).toBe('客户 王先生 归属 张三');
  });

  it('shows a missing value as an empty string', () => {
    expect(interpolate('电话：{{lead.phone}}', { lead: {} })).toBe('电话：');
    expect(interpolate('{{nothing}}', {})).toBe('');
  });

  it('keeps the type of a value that is the whole string', () => {
    expect(interpolate('{{pending}}', { pending: { command: 'won', at: 3 } })).toEqual({ command: 'won', at: 3 });
    expect(interpolate('{{page}}', { page: 2 })).toBe(2);
  });

  it('writes numbers inside a sentence as digits', () => {
    expect(interpolate('已用 {{used}}/{{quota}}', { used: 20, quota: 20 })).toBe('已用 20/20');
  });
});

describe('"when" drops a list item whose condition is falsy', () => {
  const template = [
    { when: 'a', text: 'A' },
    { when: '!a', text: 'not A' },
    { when: 'list', text: 'has items' },
  ];

  it('keeps an item whose path is truthy and drops its negation', () => {
    expect(expand(template, { a: true, list: [1] })).toEqual([{ text: 'A' }, { text: 'has items' }]);
  });

  it('treats an empty list and a missing value as falsy', () => {
    expect(expand(template, { list: [] })).toEqual([{ text: 'not A' }]);
  });

  it('refuses "when" outside a list, where it would mean nothing', () => {
    expect(() => expand({ header: { when: 'x', title: 't' } }, {})).toThrow(/only allowed on an item of a list/);
  });
});

describe('"each" repeats a list item per value', () => {
  it('binds the item under its "as" name with its position', () => {
    const out = expand([{ each: 'leads', as: 'lead', text: '{{$n}}. {{lead.name}}' }], { leads: [{ name: '甲' }, { name: '乙' }] });
    expect(out).toEqual([{ text: '1. 甲' }, { text: '2. 乙' }]);
  });

  it('applies "when" per item', () => {
    const out = expand([{ each: 'xs', as: 'x', when: 'x.show', v: '{{x.v}}' }], { xs: [{ show: true, v: 1 }, { show: false, v: 2 }] });
    expect(out).toEqual([{ v: 1 }]);
  });

  it('splices a "group" so one item can yield several entries or a table row', () => {
    const out = expand([{ each: 'xs', as: 'x', group: [{ when: '$index', type: 'divider' }, ['{{x}}', 'row']] }], { xs: ['a', 'b'] });
    expect(out).toEqual([['a', 'row'], { type: 'divider' }, ['b', 'row']]);
  });

  it('yields nothing for a missing list and refuses a non-list', () => {
    expect(expand([{ each: 'none', text: 'x' }], {})).toEqual([]);
    expect(() => expand([{ each: 'n', text: 'x' }], { n: 3 })).toThrow(/not an array/);
  });
});
