import { readFailure, type GatewayFailure } from './chat-stream';

/** A finished image or speech call: what to show, and the handles to its record. */
export type MediaOutcome =
  | { ok: true; generationId: string | null; provider: string | null; src: string; totalMs: number }
  | { ok: false; failure: GatewayFailure };

export const SPEECH_VOICES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer'] as const;

/** The image request the playground sends (also what a person would send with the OpenAI SDK). */
export const imageRequestBody = (model: string, prompt: string) => ({ model, prompt, n: 1 });
export const speechRequestBody = (model: string, input: string, voice: string) => ({ model, input, voice, response_format: 'mp3' });

async function post(path: string, token: string, body: unknown, signal: AbortSignal | undefined, fetchImpl: typeof fetch) {
  return fetchImpl(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
}

function identity(response: Response) {
  return { generationId: response.headers.get('x-generation-id'), provider: response.headers.get('x-gatehouse-provider') };
}

/** POST /v1/images/generations through the public gateway; the first image as something an `<img>` shows. */
export async function generateImage(input: { token: string; model: string; prompt: string; signal?: AbortSignal; fetchImpl?: typeof fetch }): Promise<MediaOutcome> {
  const startedAt = performance.now();
  let response: Response;
  try {
    response = await post('/v1/images/generations', input.token, imageRequestBody(input.model, input.prompt), input.signal, input.fetchImpl ?? fetch);
  } catch (error) {
    return { ok: false, failure: { status: 0, code: 'network', message: `Could not reach Gatehouse: ${(error as Error).message}` } };
  }
  if (!response.ok) return { ok: false, failure: await readFailure(response) };
  const body = (await response.json().catch(() => null)) as { data?: Array<{ b64_json?: string; url?: string }> } | null;
  const first = body?.data?.[0];
  const src = first?.b64_json ? `data:image/png;base64,${first.b64_json}` : first?.url && /^https:\/\//.test(first.url) ? first.url : null;
  if (!src) return { ok: false, failure: { status: 502, code: null, message: 'The answer held no image.' } };
  return { ok: true, ...identity(response), src, totalMs: Math.round(performance.now() - startedAt) };
}

/** POST /v1/audio/speech through the public gateway; the audio as an object URL for an `<audio>`. */
export async function generateSpeech(input: { token: string; model: string; text: string; voice: string; signal?: AbortSignal; fetchImpl?: typeof fetch }): Promise<MediaOutcome> {
  const startedAt = performance.now();
  let response: Response;
  try {
    response = await post('/v1/audio/speech', input.token, speechRequestBody(input.model, input.text, input.voice), input.signal, input.fetchImpl ?? fetch);
  } catch (error) {
    return { ok: false, failure: { status: 0, code: 'network', message: `Could not reach Gatehouse: ${(error as Error).message}` } };
  }
  if (!response.ok) return { ok: false, failure: await readFailure(response) };
  const audio = await response.blob();
  return { ok: true, ...identity(response), src: URL.createObjectURL(new Blob([audio], { type: response.headers.get('content-type') ?? 'audio/mpeg' })), totalMs: Math.round(performance.now() - startedAt) };
}
