import type { TeamModel } from './team-availability';

/** Small, cheap, widely served chat models of the seed catalog, in the order a snippet would rather show them. */
export const SNIPPET_PREFERENCE = [
  'openai/gpt-4o-mini',
  'openai/gpt-4.1-mini',
  'anthropic/claude-3.5-haiku',
  'google/gemini-2.5-flash',
  'google/gemini-2.0-flash',
  'meta/llama-3.1-8b',
  'mistral/mistral-small',
];

/** What snippets use when the team can call no chat model at all: the call then explains why (403). */
export const SNIPPET_FALLBACK_MODEL = 'openai/gpt-4o-mini';

/** The cheapest usable offering's input + output price of a model (micro-dollars per million tokens). */
function cheapestUsablePrice(model: TeamModel): number {
  let best = Number.POSITIVE_INFINITY;
  for (const offering of model.offerings) {
    if (!offering.usable) continue;
    const price = (offering.inputPrice ?? 0) + (offering.outputPrice ?? 0);
    if (price < best) best = price;
  }
  return best;
}

/**
 * The chat model a new key's snippets should call: one the team can call now (same answer as
 * the gateway's planner, through TeamModel.usable), a preferred small model when usable, else
 * the cheapest usable chat model (ties by id). Undefined when the team can call none.
 */
export function chooseSnippetModel(models: TeamModel[]): string | undefined {
  const chat = models.filter((model) => model.usable && model.kind === 'language');
  const byId = new Map(chat.map((model) => [model.id, model]));
  for (const id of SNIPPET_PREFERENCE) if (byId.has(id)) return id;
  const sorted = [...chat].sort((a, b) => cheapestUsablePrice(a) - cheapestUsablePrice(b) || a.id.localeCompare(b.id));
  return sorted[0]?.id;
}

export type PolicyRestrictions = {
  zeroDataRetention: boolean;
  disallowPromptTraining: boolean;
  providerAllowlist: string[] | null;
  providerDenylist: string[];
};

export type UsableModelsNotice = { usable: number; total: number; tone: 'success' | 'warning' | 'error'; message: string };

/** Below this share of the catalog (or this many models) a policy counts as leaving few. */
const FEW_SHARE = 0.1;
const FEW_COUNT = 5;

/** "ZDR + no prompt training + this allowlist": the parts of a policy that narrow routing. */
export function describeRestrictions(policy: PolicyRestrictions): string {
  const parts: string[] = [];
  if (policy.zeroDataRetention) parts.push('ZDR');
  if (policy.disallowPromptTraining) parts.push('no prompt training');
  if (policy.providerAllowlist && policy.providerAllowlist.length > 0) parts.push('this allowlist');
  if (policy.providerDenylist.length > 0) parts.push('the blocked providers');
  return parts.join(' + ');
}

/**
 * What a saved routing policy leaves the team, counted over the whole catalog after the save:
 * an error when no model is usable, a warning when few are, otherwise a plain count.
 */
export function usableModelsNotice(models: TeamModel[], policy: PolicyRestrictions): UsableModelsNotice {
  const total = models.length;
  const usable = models.filter((model) => model.usable).length;
  const restrictions = describeRestrictions(policy) || 'this policy';
  const subject = `${restrictions[0].toUpperCase()}${restrictions.slice(1)} leaves`;
  const counted = `${usable.toLocaleString('en')} of ${total.toLocaleString('en')} model${total === 1 ? '' : 's'} usable`;
  if (total > 0 && usable === 0) {
    return { usable, total, tone: 'error', message: `Saved, but ${restrictions} leaves no model usable: every model call of this team is refused (403) until the policy or the provider keys change.` };
  }
  if (usable < FEW_COUNT || usable < total * FEW_SHARE) {
    return { usable, total, tone: 'warning', message: `Saved. ${subject} ${counted}: requests for any other model are refused (403). See Models for which ones.` };
  }
  return { usable, total, tone: 'success', message: `Saved. ${subject} ${counted}. The next request follows the new policy.` };
}
