import type { FakeUpstream } from './index';

/** Per provider: its key variable, the key the tests use, its base URL variable and API path. */
const providers = {
  openai: { keyVariable: 'OPENAI_API_KEY', key: 'sk-system-openai', urlVariable: 'OPENAI_BASE_URL', path: '/v1' },
  anthropic: { keyVariable: 'ANTHROPIC_API_KEY', key: 'sk-system-anthropic', urlVariable: 'ANTHROPIC_BASE_URL', path: '/v1' },
  google: { keyVariable: 'GOOGLE_GENERATIVE_AI_API_KEY', key: 'system-google', urlVariable: 'GOOGLE_BASE_URL', path: '/v1beta' },
  moonshotai: { keyVariable: 'MOONSHOT_API_KEY', key: 'sk-system-moonshot', urlVariable: 'MOONSHOTAI_BASE_URL', path: '/v1' },
  groq: { keyVariable: 'GROQ_API_KEY', key: 'sk-system-groq', urlVariable: 'GROQ_BASE_URL', path: '/v1' },
} as const;

export type FakeProvider = keyof typeof providers;

/** The environment that gives Gatehouse system credentials for each provider, pointed at its fake upstream. */
export function systemCredentialsEnv(upstreams: Partial<Record<FakeProvider, FakeUpstream>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [slug, upstream] of Object.entries(upstreams) as Array<[FakeProvider, FakeUpstream]>) {
    const provider = providers[slug];
    env[provider.keyVariable] = provider.key;
    env[provider.urlVariable] = `${upstream.url}${provider.path}`;
  }
  return env;
}
