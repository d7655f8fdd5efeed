import type { Tx } from '../../db/client.js';

/**
 * Source channels as the 看板 groups them: the canonical codes of the rulebook, `other` for a
 * named source that is none of them, `none` when the rep gave none. Each channel counts as
 * online (线上) or offline (线下) per org; these are the defaults an org's ChannelClass rows override.
 */
export const CHANNELS = ['douyin', 'xiaohongshu', 'wechat', 'referral', 'walk_in', 'exhibition', 'web', 'phone_in', 'ad', 'existing_customer', 'other'] as const;
export const NO_CHANNEL = 'none';
export type Channel = (typeof CHANNELS)[number] | typeof NO_CHANNEL;
export const ALL_CHANNELS: readonly Channel[] = [...CHANNELS, NO_CHANNEL];

/** The internet platforms; `other` is online too, since the parser's other names (快手, 微博, 美团 …) nearly all are. */
const DEFAULT_ONLINE: ReadonlySet<Channel> = new Set<Channel>(['douyin', 'xiaohongshu', 'wechat', 'web', 'other']);

export function channelOf(source: string | null): Channel {
  if (source === null || source === '') return NO_CHANNEL;
  return (CHANNELS as readonly string[]).includes(source) ? (source as Channel) : 'other';
}

export function isChannel(value: string): value is Channel {
  return (ALL_CHANNELS as readonly string[]).includes(value);
}

/** The org's online channels: the defaults, with the org's own choices over them. */
export async function onlineChannels(tx: Tx, orgId: string): Promise<Set<Channel>> {
  const rows = await tx.channelClass.findMany({ where: { orgId } });
  const online = new Set(DEFAULT_ONLINE);
  for (const r of rows) {
    if (!isChannel(r.channel)) continue;
    if (r.online) online.add(r.channel);
    else online.delete(r.channel);
  }
  return online;
}
