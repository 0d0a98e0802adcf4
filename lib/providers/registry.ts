import { isResponsesOnly } from './openai-api';

/**
 * Every upstream Gatehouse can reach. An OpenAI-compatible provider is a few lines of
 * data here; the `@ai-sdk/*` packages do the protocol work for the translation path.
 */
export type UpstreamApi = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'cohere';

/** Wire formats a provider accepts as-is, so a client speaking one is passed through. */
export type NativeProtocol = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'embeddings';

export type ProviderFactsDefaults = { zeroDataRetention: boolean; trainsOnPrompts: boolean; headquarters: string };

export type ProviderDefinition = {
  slug: string;
  name: string;
  api: UpstreamApi;
  /** Includes the version path, as the AI SDK providers expect (`https://api.openai.com/v1`). */
  defaultBaseURL: string;
  /** Conventional environment variables holding the system credential, first match wins. */
  apiKeyVariables: string[];
  /** A provider that works without a key (a local server) only needs a base URL. */
  keyOptional?: boolean;
  /** The models.dev provider id whose models seed the catalog for this provider. */
  catalogSource?: string;
  nativeProtocols: NativeProtocol[];
  facts: ProviderFactsDefaults;
  /** Where a key is tested (an authenticated GET of the model list), when not `<base URL>/models`. */
  modelListURL?: (baseURL: string) => string;
};

const openAICompatible = (
  slug: string,
  name: string,
  defaultBaseURL: string,
  apiKeyVariables: string[],
  facts: ProviderFactsDefaults,
  catalogSource: string | undefined = slug,
): ProviderDefinition => ({
  slug,
  name,
  api: 'openai-compatible',
  defaultBaseURL,
  apiKeyVariables,
  catalogSource,
  nativeProtocols: ['openai-chat', 'embeddings'],
  facts,
});

export const providers: ProviderDefinition[] = [
  {
    slug: 'openai',
    name: 'OpenAI',
    api: 'openai',
    defaultBaseURL: 'https://api.openai.com/v1',
    apiKeyVariables: ['OPENAI_API_KEY'],
    catalogSource: 'openai',
    nativeProtocols: ['openai-chat', 'openai-responses', 'embeddings'],
    facts: { zeroDataRetention: false, trainsOnPrompts: false, headquarters: 'US' },
  },
  {
    slug: 'anthropic',
    name: 'Anthropic',
    api: 'anthropic',
    defaultBaseURL: 'https://api.anthropic.com/v1',
    apiKeyVariables: ['ANTHROPIC_API_KEY'],
    catalogSource: 'anthropic',
    nativeProtocols: ['anthropic-messages'],
    facts: { zeroDataRetention: true, trainsOnPrompts: false, headquarters: 'US' },
  },
  {
    slug: 'google',
    name: 'Google AI Studio',
    api: 'google',
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
    apiKeyVariables: ['GOOGLE_GENERATIVE_AI_API_KEY', 'GEMINI_API_KEY'],
    catalogSource: 'google',
    nativeProtocols: [],
    facts: { zeroDataRetention: false, trainsOnPrompts: false, headquarters: 'US' },
  },
  {
    // Reached through @ai-sdk/cohere (chat, embed and rerank on its v2 API). Cohere keeps API data
    // 30 days and may train on it unless the account opts out in its dashboard, so neither ZDR
    // nor "does not train" is assumed; an admin whose account opted out can change the facts.
    slug: 'cohere',
    name: 'Cohere',
    api: 'cohere',
    defaultBaseURL: 'https://api.cohere.com/v2',
    apiKeyVariables: ['COHERE_API_KEY', 'CO_API_KEY'],
    nativeProtocols: [],
    facts: { zeroDataRetention: false, trainsOnPrompts: true, headquarters: 'CA' },
    // Cohere lists models on its v1 API only.
    modelListURL: (baseURL) => `${baseURL.replace(/\/v2$/, '/v1')}/models`,
  },
  openAICompatible('moonshotai', 'Moonshot AI', 'https://api.moonshot.ai/v1', ['MOONSHOT_API_KEY', 'MOONSHOTAI_API_KEY'], {
    zeroDataRetention: false,
    trainsOnPrompts: false,
    headquarters: 'CN',
  }),
  openAICompatible('groq', 'Groq', 'https://api.groq.com/openai/v1', ['GROQ_API_KEY'], {
    zeroDataRetention: true,
    trainsOnPrompts: false,
    headquarters: 'US',
  }),
  openAICompatible('deepseek', 'DeepSeek', 'https://api.deepseek.com/v1', ['DEEPSEEK_API_KEY'], {
    zeroDataRetention: false,
    trainsOnPrompts: true,
    headquarters: 'CN',
  }),
  openAICompatible('xai', 'xAI', 'https://api.x.ai/v1', ['XAI_API_KEY'], {
    zeroDataRetention: false,
    trainsOnPrompts: false,
    headquarters: 'US',
  }),
  openAICompatible('mistral', 'Mistral', 'https://api.mistral.ai/v1', ['MISTRAL_API_KEY'], {
    zeroDataRetention: false,
    trainsOnPrompts: false,
    headquarters: 'FR',
  }),
  openAICompatible('togetherai', 'Together AI', 'https://api.together.xyz/v1', ['TOGETHER_API_KEY', 'TOGETHER_AI_API_KEY'], {
    zeroDataRetention: true,
    trainsOnPrompts: false,
    headquarters: 'US',
  }),
  openAICompatible(
    'fireworks',
    'Fireworks',
    'https://api.fireworks.ai/inference/v1',
    ['FIREWORKS_API_KEY'],
    { zeroDataRetention: true, trainsOnPrompts: false, headquarters: 'US' },
    'fireworks-ai',
  ),
  {
    ...openAICompatible(
      'custom',
      'Custom OpenAI-compatible (Ollama, vLLM, ...)',
      'http://127.0.0.1:11434/v1',
      ['CUSTOM_API_KEY'],
      { zeroDataRetention: true, trainsOnPrompts: false, headquarters: 'local' },
      undefined,
    ),
    keyOptional: true,
  },
];

const bySlug = new Map(providers.map((provider) => [provider.slug, provider]));

export function getProvider(slug: string): ProviderDefinition | undefined {
  return bySlug.get(slug);
}

/**
 * Whether a client speaking `protocol` can be forwarded to this provider's model as it is.
 * OpenAI serves some models on `/responses` only, so Chat Completions clients of those are translated.
 */
export function acceptsNatively(provider: ProviderDefinition, protocol: NativeProtocol, upstreamModelId: string): boolean {
  if (!provider.nativeProtocols.includes(protocol)) return false;
  return !(provider.api === 'openai' && protocol === 'openai-chat' && isResponsesOnly(upstreamModelId));
}

/** `<SLUG>_BASE_URL`, upper case with `-` as `_`. */
export function baseUrlVariable(slug: string): string {
  return `${slug.toUpperCase().replace(/-/g, '_')}_BASE_URL`;
}

export type SystemConnection = { readonly baseURL: string; readonly apiKey: string | undefined; readonly configured: boolean };

/** Base URL and system key for a provider from the parsed environment variables. */
export function systemConnection(provider: ProviderDefinition, variables: Record<string, string>): SystemConnection {
  const overridden = variables[baseUrlVariable(provider.slug)];
  const baseURL = (overridden ?? provider.defaultBaseURL).replace(/\/+$/, '');
  const apiKey = provider.apiKeyVariables.map((name) => variables[name]).find(Boolean);
  const configured = Boolean(apiKey) || (Boolean(provider.keyOptional) && Boolean(overridden));
  return { baseURL, apiKey, configured };
}

/**
 * `systemConnection` for every provider, each worked out on first use and then shared: the
 * variables do not change while the process runs, and every model call asks for each provider
 * that offers its model, which built the variable's name, looked it up and trimmed the URL again.
 */
export function systemConnections(variables: Record<string, string>): (provider: ProviderDefinition) => SystemConnection {
  const known = new Map<string, SystemConnection>();
  return (provider) => {
    let connection = known.get(provider.slug);
    if (!connection) known.set(provider.slug, (connection = Object.freeze(systemConnection(provider, variables))));
    return connection;
  };
}
