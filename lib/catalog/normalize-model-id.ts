/**
 * models.dev lists each provider's own upstream ids; Gatehouse ids are `creator/model-name`,
 * the same whoever serves the model. These rules line the two up.
 */

/** Providers that are the creators of the models they serve under bare ids. */
const firstParty = new Set(['openai', 'anthropic', 'google', 'moonshotai', 'deepseek', 'xai', 'mistral']);

/** Organisation prefixes used by hosts (`meta-llama/…`) → Gatehouse creator. */
const creatorByPrefix: Record<string, string> = {
  'meta-llama': 'meta',
  meta: 'meta',
  qwen: 'alibaba',
  'deepseek-ai': 'deepseek',
  deepseek: 'deepseek',
  mistralai: 'mistral',
  moonshotai: 'moonshotai',
  openai: 'openai',
  'zai-org': 'zai',
  google: 'google',
};

/** Bare host ids (`llama-3.3-70b-versatile`, `kimi-k2-instruct`) → creator, by name. */
const creatorByName: Array<[RegExp, string]> = [
  [/^(meta-)?llama/, 'meta'],
  [/^gemma/, 'google'],
  [/^(qwen|qwq)/, 'alibaba'],
  [/^deepseek/, 'deepseek'],
  [/^kimi/, 'moonshotai'],
  [/^gpt-oss/, 'openai'],
  [/^glm/, 'zai'],
  [/^(mistral|mixtral|magistral|codestral|devstral|ministral|pixtral)/, 'mistral'],
];

function cleanName(raw: string, creator: string): string {
  let name = raw.toLowerCase();
  name = name.replace(/-\d{4}-\d{2}-\d{2}$/, '').replace(/-(20\d{6})$/, '').replace(/-latest$/, '');
  if (creator === 'anthropic') {
    name = name.replace(/^claude-(\d)-(\d)-/, 'claude-$1.$2-').replace(/^claude-([a-z]+)-(\d)-(\d)$/, 'claude-$1-$2.$3');
  }
  if (creator === 'moonshotai') name = name.replace(/-preview$/, '');
  // Hosts decorate the same weights differently: -instruct, -turbo, -versatile, -fp8.
  name = name
    .replace(/-instruct(-turbo)?(?=(-\d{4})?$)/, '')
    .replace(/-(versatile|fp8)$/, '')
    .replace(/-(\d+b)-instruct-turbo$/, '-$1');
  if (creator === 'meta') name = name.replace(/^meta-llama-/, 'llama-');
  return name;
}

export function normalizeModelId(provider: string, upstreamModelId: string): string | null {
  const id = upstreamModelId.replace(/^accounts\/fireworks\/models\//, '');
  const slash = id.indexOf('/');
  if (slash !== -1) {
    const creator = creatorByPrefix[id.slice(0, slash).toLowerCase()];
    return creator ? `${creator}/${cleanName(id.slice(slash + 1), creator)}` : null;
  }
  if (firstParty.has(provider)) return `${provider}/${cleanName(id, provider)}`;
  const lower = id.toLowerCase();
  const creator = creatorByName.find(([pattern]) => pattern.test(lower))?.[1];
  return creator ? `${creator}/${cleanName(id, creator)}` : null;
}

/** A dated id (`kimi-k2-0905`) is also served as its undated family name (`kimi-k2`). */
export function undatedAlias(gatehouseId: string): string | null {
  const match = /^(.+)-(\d{4})$/.exec(gatehouseId);
  return match ? match[1] : null;
}
