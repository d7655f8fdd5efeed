import { maskPhone } from '../phone.js';

/** Who may see a customer's full phone: the owner, and managers/admins of the lead's team. */
export interface Viewer {
  id: string;
  orgId: string;
  teamId: string | null;
  role: 'rep' | 'manager' | 'admin' | 'group_manager';
}

export interface PhoneHolder {
  orgId: string;
  teamId: string;
  ownerId: string | null;
  phone: string;
  erasedAt?: Date | null;
}

export function isTeamManager(viewer: Viewer, teamId: string): boolean {
  // A group manager (运营经理) reads every team's numbers but is no team's manager: rulings and
  // full phones stay with each team's own managers.
  return (viewer.role === 'manager' || viewer.role === 'admin') && viewer.teamId === teamId;
}

export function canSeeFullPhone(viewer: Viewer, lead: PhoneHolder): boolean {
  if (lead.erasedAt || viewer.orgId !== lead.orgId) return false;
  return lead.ownerId === viewer.id || isTeamManager(viewer, lead.teamId);
}

/** The full phone for those allowed, else masked; `revealed` marks a full view by someone other than the owner. */
export function phoneFor(viewer: Viewer | null, lead: PhoneHolder): { phone: string; masked: string; visible: boolean; revealed: boolean } {
  const masked = lead.erasedAt ? '已删除' : maskPhone(lead.phone);
  const visible = viewer !== null && canSeeFullPhone(viewer, lead);
  return { phone: visible ? lead.phone : masked, masked, visible, revealed: visible && lead.ownerId !== viewer?.id };
}
