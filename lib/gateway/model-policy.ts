/**
 * Model allow and deny lists: a team's (team_settings) and a key's own (api_keys), each a list of
 * exact model ids (`anthropic/claude-sonnet-4.5`) or provider prefixes (`anthropic/*`). A model
 * must pass both: the key can only narrow what the team allows. Deny wins over allow.
 */
export type ModelLists = { modelAllowlist: string[] | null; modelDenylist: string[] };

/** A pattern as stored: an exact id, or `<prefix>/*` matching every id under that prefix. */
export const MODEL_PATTERN = /^[A-Za-z0-9][\w.:@+-]*(\/[\w.:@+-]+)*(\/\*)?$/;

export function matchesModelPattern(pattern: string, modelId: string): boolean {
  if (pattern.endsWith('/*')) return modelId.startsWith(pattern.slice(0, -1));
  return pattern === modelId;
}

/** Why the lists refuse this model ("model x is not in this key's model allowlist"), or null. */
export function modelListRefusal(modelId: string, lists: { team: ModelLists; key?: ModelLists | null }): string | null {
  const check = (own: ModelLists, whose: string) => {
    const denied = own.modelDenylist.find((pattern) => matchesModelPattern(pattern, modelId));
    if (denied) return `model ${modelId} is on ${whose} model denylist (${denied})`;
    if (own.modelAllowlist && !own.modelAllowlist.some((pattern) => matchesModelPattern(pattern, modelId))) return `model ${modelId} is not in ${whose} model allowlist`;
    return null;
  };
  return check(lists.team, "the team's") ?? (lists.key ? check(lists.key, "this key's") : null);
}
