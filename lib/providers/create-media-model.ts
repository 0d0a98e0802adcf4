import type { ImageModelV4, SpeechModelV4, TranscriptionModelV4 } from '@ai-sdk/provider';
import { GatewayError } from '../gateway/errors';
import type { Connection } from './create-model';
import type { ProviderDefinition } from './registry';

/**
 * The upstream `fetch` with a multipart body encoded first. The provider packages build a
 * global `FormData`; undici's own `fetch` (the pools the gateway uses) does not recognise that
 * class and would send "[object FormData]". Encoding it with the global `Response` gives the
 * exact bytes and boundary the global fetch would have sent.
 */
export function withEncodedForms(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    if (!(init?.body instanceof FormData)) return fetch(input, init);
    const encoded = new Response(init.body);
    const headers = new Headers(init.headers);
    headers.set('content-type', encoded.headers.get('content-type')!);
    return fetch(input, { ...init, headers, body: new Uint8Array(await encoded.arrayBuffer()) });
  }) as typeof globalThis.fetch;
}

const common = (connection: Connection) => ({
  baseURL: connection.baseURL,
  apiKey: connection.apiKey ?? '',
  fetch: withEncodedForms(connection.fetch ?? globalThis.fetch),
});

const unsupported = (provider: ProviderDefinition, kind: string) =>
  new GatewayError('invalid_request', `${provider.name} cannot serve ${kind} models through Gatehouse.`);

// The provider packages are imported on first use, as in create-model.ts.

export async function createImageModel(provider: ProviderDefinition, connection: Connection, upstreamModelId: string): Promise<ImageModelV4> {
  if (provider.api === 'openai') return (await import('@ai-sdk/openai')).createOpenAI(common(connection)).image(upstreamModelId);
  if (provider.api === 'openai-compatible') return (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({ ...common(connection), name: provider.slug }).imageModel(upstreamModelId);
  throw unsupported(provider, 'image');
}

export async function createSpeechModel(provider: ProviderDefinition, connection: Connection, upstreamModelId: string): Promise<SpeechModelV4> {
  if (provider.api === 'openai') return (await import('@ai-sdk/openai')).createOpenAI(common(connection)).speech(upstreamModelId);
  throw unsupported(provider, 'speech');
}

export async function createTranscriptionModel(provider: ProviderDefinition, connection: Connection, upstreamModelId: string): Promise<TranscriptionModelV4> {
  if (provider.api === 'openai') return (await import('@ai-sdk/openai')).createOpenAI(common(connection)).transcription(upstreamModelId);
  throw unsupported(provider, 'transcription');
}
