import type { PlatformName } from './types.js';

/**
 * What each chat platform can do, as far as the conversation flows care. The core decides
 * where a message goes and what it says from these facts, never from the platform's name.
 */
export interface PlatformCapabilities {
  /**
   * A card posted into a group chat keeps its buttons and can be updated in place later.
   * WeCom's app group chats (appchat) take markdown only: shown, never clicked or updated.
   */
  interactiveGroupCards: boolean;
  /** A click can be answered with a toast; without, the toast's text is sent as a message. */
  toasts: boolean;
}

export const CAPABILITIES: Readonly<Record<PlatformName, PlatformCapabilities>> = {
  feishu: { interactiveGroupCards: true, toasts: true },
  wecom: { interactiveGroupCards: false, toasts: false },
  local: { interactiveGroupCards: true, toasts: true },
};

/**
 * Where a team's managers act on a ruling or extension card: on the one card in the team's
 * group chat, or on a private copy each (no group chat, or one whose cards cannot be clicked).
 */
export type RulingSeat = 'group' | 'private';

export function rulingSeat(platform: PlatformName, groupChatId: string | null): RulingSeat {
  return groupChatId && CAPABILITIES[platform].interactiveGroupCards ? 'group' : 'private';
}
