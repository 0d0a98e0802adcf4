/**
 * models.dev lists each provider's own upstream ids; Gatehouse ids are `creator/model-name`,
 * the same whoever serves the model. These tables line the two up; a model no rule
 * attributes to a creator is skipped rather than guessed.
 */

type Rewrite = [pattern: RegExp, replacement: string];

/** Providers that created every model they serve under a bare id. */
const firstParty = new Set(['openai', 'anthropic', 'google', 'moonshotai', 'deepseek', 'xai', 'mistral']);

/** Path prefixes a host puts before its model ids that name nothing. */
const hostPrefixes: Record<string, RegExp> = {
  fireworks: /^accounts\/fireworks\/models\//,
};

/** Organisation prefixes hosts use (`meta-llama/…`) → Gatehouse creator. */
const creatorByOrganisation: Record<string, string> = {
  'meta-llama': 'meta',
  meta: 'meta',
  qwen: 'alibaba',
  'deepseek-ai': 'deepseek',
  mistralai: 'mistral',
  moonshotai: 'moonshotai',
  openai: 'openai',
  'zai-org': 'zai',
  google: 'google',
};

/** Bare host ids (`llama-3.3-70b-versatile`, `kimi-k2-instruct`) → creator, by the model's name. */
const creatorByName: Array<[pattern: RegExp, creator: string]> = [
  [/^(meta-)?llama/, 'meta'],
  [/^gemma/, 'google'],
  [/^(qwen|qwq)/, 'alibaba'],
  [/^deepseek/, 'deepseek'],
  [/^kimi/, 'moonshotai'],
  [/^gpt-oss/, 'openai'],
  [/^glm/, 'zai'],
  [/^(mistral|mixtral|magistral|codestral|devstral|ministral|pixtral)/, 'mistral'],
];

/** Version markers that only say which snapshot an alias pointed at. */
const versionSuffixes: Rewrite[] = [
  [/-\d{4}-\d{2}-\d{2}$/, ''],
  [/-20\d{6}$/, ''],
  [/-latest$/, ''],
];

/**
 * How hosts decorate the same weights (`-Instruct-Turbo`, `-instruct-fp8`, groq's `-versatile`
 * and its context size `-8192`), stripped so every host lines up on one id. A trailing
 * four-digit release (`-instruct-0905`) is kept. `-turbo` only counts after `-instruct`,
 * since for `gpt-3.5-turbo` it is the model's name.
 */
const hostDecorations: Rewrite[] = [
  [/(\d)p(\d)/g, '$1.$2'], // fireworks writes versions as `glm-4p5`, `deepseek-v3p1`
  [/(-(instruct(-turbo)?|versatile|instant|fp8|it|8192))+(?=(-\d{4})?$)/, ''],
];

/** Each creator's own naming, applied after the suffixes are gone. */
const creatorRewrites: Record<string, Rewrite[]> = {
  // claude-3-5-haiku → claude-3.5-haiku; claude-opus-4-1 → claude-opus-4.1
  anthropic: [
    [/^claude-(\d+)-(\d)-/, 'claude-$1.$2-'],
    [/^claude-([a-z]+)-(\d+)-(\d)$/, 'claude-$1-$2.$3'],
  ],
  moonshotai: [[/-preview$/, '']],
  mistral: [[/^open-/, '']],
  meta: [
    [/^meta-llama-/, 'llama-'],
    [/^llama(\d)-/, 'llama-$1-'],
  ],
  google: [
    [/^gemma(\d)-/, 'gemma-$1-'],
    [/^(gemma-.*)-it$/, '$1'],
  ],
  alibaba: [[/^qwen-qwq-/, 'qwq-']],
};

/**
 * Models that are also served under their family name, by the newest upstream id of the
 * family. Explicit, because a trailing number is as often a size or context as a release.
 */
const families: Array<{ member: RegExp; id: string; name: string }> = [
  { member: /^moonshotai\/kimi-k2-\d{4}$/, id: 'moonshotai/kimi-k2', name: 'Kimi K2' },
];

const validName = /^[a-z0-9][a-z0-9._-]*$/;

const rewrite = (value: string, rules: Rewrite[]) => rules.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), value);

function attribute(provider: string, upstreamModelId: string): { creator: string; name: string; hosted: boolean } | null {
  const id = upstreamModelId.replace(hostPrefixes[provider] ?? /^$/, '');
  const slash = id.indexOf('/');
  if (slash !== -1) {
    const creator = creatorByOrganisation[id.slice(0, slash).toLowerCase()];
    return creator ? { creator, name: id.slice(slash + 1), hosted: provider !== creator } : null;
  }
  if (firstParty.has(provider)) return { creator: provider, name: id, hosted: false };
  const creator = creatorByName.find(([pattern]) => pattern.test(id.toLowerCase()))?.[1];
  return creator ? { creator, name: id, hosted: true } : null;
}

/** The Gatehouse id (`creator/model-name`) of a provider's upstream model, or null to skip it. */
export function normalizeModelId(provider: string, upstreamModelId: string): string | null {
  const attributed = attribute(provider, upstreamModelId);
  if (!attributed) return null;
  let name = attributed.name.toLowerCase();
  name = rewrite(name, versionSuffixes);
  if (attributed.hosted) name = rewrite(name, hostDecorations);
  name = rewrite(name, creatorRewrites[attributed.creator] ?? []);
  return validName.test(name) ? `${attributed.creator}/${name}` : null;
}

/** The family a dated model also answers to (`moonshotai/kimi-k2-0905` → `moonshotai/kimi-k2`), if any. */
export function modelFamily(gatehouseId: string): { id: string; name: string } | null {
  const family = families.find(({ member }) => member.test(gatehouseId));
  return family ? { id: family.id, name: family.name } : null;
}
