import type { TeamModel, TeamOffering } from '@/lib/services/models/team-availability';

/** The short words for why a provider cannot serve this team: one place, so every page says the same. */
export const blockedLabels: Record<NonNullable<TeamOffering['blockedBy']>, string> = {
  policy: 'blocked by policy',
  credentials: 'no key',
  plan: 'not in plan',
};

/** A provider's availability in a few words: 'usable', or why not. */
export function offeringLabel(offering: Pick<TeamOffering, 'usable' | 'blockedBy'>): string {
  if (offering.usable) return 'usable';
  return blockedLabels[offering.blockedBy ?? 'policy'];
}

/**
 * Why a model cannot be used at all, in the same words: its providers' one reason when they
 * share it, else the one a team can act on first (policy, then plan, then keys). Null when usable.
 */
export function modelBlockedLabel(model: Pick<TeamModel, 'usable' | 'offerings'>): string | null {
  if (model.usable) return null;
  const reasons = new Set(model.offerings.map((offering) => offering.blockedBy ?? 'policy'));
  for (const reason of ['policy', 'plan', 'credentials'] as const) if (reasons.has(reason)) return blockedLabels[reason];
  return blockedLabels.policy;
}
