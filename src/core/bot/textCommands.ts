import type { Role } from '../leads/types.js';

/**
 * Commands the bot reads itself before the message parser: administration, paging and requests
 * that are not lead reports. Each is a fixed command word at the start of the message.
 */
export type BotCommand =
  | { kind: 'setRole'; target: string; role: Role }
  | { kind: 'handover'; from: string; to: string | null }
  | { kind: 'erase'; query: string }
  | { kind: 'bindGroup' }
  | { kind: 'pool'; page: number }
  | { kind: 'mine'; page: number }
  | { kind: 'extension'; target: string; reason: string | null }
  | { kind: 'digest'; period: 'day' | 'week' | 'month' }
  | { kind: 'dashboard' }
  | { kind: 'usage'; of: 'setRole' | 'handover' | 'erase' | 'extension' };

const ROLE_WORDS: Record<string, Role> = { 经理: 'manager', 店长: 'manager', 主管: 'manager', 管理员: 'admin', 销售: 'rep', 运营经理: 'group_manager' };
const POOL_WORDS = new Set(['公海', 'pool']);

/** A mention as platforms leave it in text (@张三) or a bare name. */
function who(raw: string): string {
  return raw.trim().replace(/^@/, '').trim();
}

export function readBotCommand(raw: string): BotCommand | null {
  const t = raw.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;

  if ((m = /^设为(运营经理|经理|店长|主管|管理员|销售)(?:\s*(.*))?$/.exec(t))) {
    const target = who(m[2] ?? '');
    const role = ROLE_WORDS[m[1] ?? ''];
    return target && role ? { kind: 'setRole', target, role } : { kind: 'usage', of: 'setRole' };
  }
  if ((m = /^把\s*(.+?)\s*设为(运营经理|经理|店长|主管|管理员|销售)$/.exec(t))) {
    const role = ROLE_WORDS[m[2] ?? ''];
    return role ? { kind: 'setRole', target: who(m[1] ?? ''), role } : { kind: 'usage', of: 'setRole' };
  }
  if (/^交接/.test(t)) {
    m = /^交接\s*(.+?)\s*(?:给|到|转给|交给|→|->)\s*(.+)$/.exec(t);
    if (!m) return { kind: 'usage', of: 'handover' };
    const to = who(m[2] ?? '');
    return { kind: 'handover', from: who(m[1] ?? ''), to: POOL_WORDS.has(to) ? null : to };
  }
  if (/^(删除客户|删除客户信息)/.test(t)) {
    m = /^删除客户(?:信息)?\s*(.+)$/.exec(t);
    return m?.[1] ? { kind: 'erase', query: m[1].trim() } : { kind: 'usage', of: 'erase' };
  }
  if (/^(设置群|设为团队群|绑定群|绑定本群)$/.test(t)) return { kind: 'bindGroup' };
  if ((m = /^公海\s*(?:第\s*)?(\d{1,3})\s*页?$/.exec(t))) return { kind: 'pool', page: Number(m[1]) };
  if ((m = /^我的客户\s*(?:第\s*)?(\d{1,3})\s*页?$/.exec(t))) return { kind: 'mine', page: Number(m[1]) };
  if (/^申请延期/.test(t)) {
    m = /^申请延期\s*(\S+)(?:\s+(.+))?$/.exec(t);
    return m?.[1] ? { kind: 'extension', target: m[1], reason: m[2]?.trim() || null } : { kind: 'usage', of: 'extension' };
  }
  if (/^(日报|今日日报|团队日报)$/.test(t)) return { kind: 'digest', period: 'day' };
  if (/^(周报|本周周报)$/.test(t)) return { kind: 'digest', period: 'week' };
  if (/^(月报|本月月报)$/.test(t)) return { kind: 'digest', period: 'month' };
  if (/^(看板|打开看板|数据看板|看板链接)$/.test(t)) return { kind: 'dashboard' };
  return null;
}
