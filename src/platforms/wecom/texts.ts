/**
 * The few phrases only the WeCom adapter says, for what WeCom's template cards cannot do
 * (no free-text inputs, no charts). Kept together, like cards/texts.json, so wording lives
 * apart from the rendering logic.
 */
export const wecomTexts = {
  /** Button on a form card: WeCom cannot type into a card, so the card submits what it holds. */
  confirmAsIs: '按当前内容提交',
  /** After a form card whose required text fields are empty. {{fields}} = the missing labels. */
  resendWithMissing: '企业微信卡片里不能直接填写文字。请把原消息补上「{{fields}}」后重新发送给我，例如在消息末尾加上这些信息。',
  /** After any other form card with text fields. */
  resendToChange: '企业微信卡片里不能直接填写文字：卡片上的内容可以直接提交；要补充或修改，请把完整的消息重新发送给我。',
  /** Shown on the card beside the values it holds. */
  missingOnCard: '还缺：{{fields}}（请补充后重新发送消息）',
  /** The dropdown that stands in for one button per list item. */
  chooseTitle: '选择',
  /** The button beside it when the items' buttons read differently. */
  chooseConfirm: '确定',
  /** A value left empty on a card. */
  empty: '未填',
  listSeparator: '、',
  /** Chart rows: label, value and share. */
  chartRow: '{{label}}：{{value}}（{{share}}）',
} as const;

export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
}
