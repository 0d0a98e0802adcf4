import { createImageModel, createSpeechModel, createTranscriptionModel } from '../providers/create-media-model';
import { authHeaders } from '../providers/http';
import { readStreamWithin } from '../http/body-limit';
import type { CallInput, UpstreamResult } from './call-upstream';
import { GatewayError } from './errors';
import { providerRefusal } from './provider-refusal';
import { JsonText } from './respond';
import { spliceRequestBody } from '../protocols/passthrough';
import { emptyUsage, newStreamTracker, type MediaCall, type MediaForward, type MediaResult, type ParsedRequest, type Usage } from './types';
import { boundedBodies } from './upstream-limits';
import { upstreamReach } from './upstream-reach';
import { UpstreamFailure, upstreamMessage } from './upstream-failure';

/** Largest JSON answer read from an image upstream (ten large base64 PNGs fit). */
const MAX_IMAGE_RESPONSE_BYTES = 128 * 1024 * 1024;
/** Largest transcript read back. */
const MAX_TRANSCRIPT_BYTES = 16 * 1024 * 1024;
/** Largest audio streamed back for one speech call (4,096 characters of WAV is ~15 MB). */
const MAX_SPEECH_BYTES = 64 * 1024 * 1024;
/** Bytes of compressed audio per second assumed when an upstream reports no duration (128 kbit/s). */
const ESTIMATED_AUDIO_BYTES_PER_SECOND = 16_000;

/** Seconds of audio a file of this size is assumed to hold when the upstream does not say. */
export const estimatedAudioSeconds = (bytes: number) => Math.max(1, Math.ceil(bytes / ESTIMATED_AUDIO_BYTES_PER_SECOND));

/**
 * An image, speech or transcription attempt. The OpenAI doors forward the client's own request
 * (model id replaced) to an upstream that speaks OpenAI's API and send back its bytes; the AI
 * SDK doors go through the provider package's model and answer in the client's shape.
 */
export async function callMedia(input: CallInput): Promise<UpstreamResult> {
  const media = input.request.media!;
  if (!media.forward) return translateMedia(input, media);
  const { provider } = input.attempt;
  if (provider.api !== 'openai' && provider.api !== 'openai-compatible') {
    throw new GatewayError('invalid_request', `${provider.name} does not offer OpenAI's ${media.forward.path} API.`);
  }
  return forwardMedia(input, media, media.forward);
}

async function readBounded(response: Response, limit: number): Promise<string> {
  const bytes = await readStreamWithin(response.body, limit, () => new UpstreamFailure(502, 'The upstream answer was larger than Gatehouse accepts.', 'http'));
  return bytes.toString('utf8');
}

async function encode(request: ParsedRequest, forward: MediaForward, upstreamModelId: string): Promise<{ body: ArrayBuffer | string; contentType: string }> {
  if (!forward.form) {
    // The client's own JSON text with the model id spliced in: no re-serialisation of what it sent.
    const spliced = spliceRequestBody(request, upstreamModelId);
    if (spliced !== undefined) return { body: spliced, contentType: 'application/json' };
    try {
      return { body: JSON.stringify({ ...forward.json, model: upstreamModelId }), contentType: 'application/json' };
    } catch {
      throw new GatewayError('invalid_request', 'The request body is nested too deeply to forward.');
    }
  }
  const form = new FormData();
  for (const [name, value] of forward.form.entries()) if (name !== 'model') form.append(name, value);
  form.set('model', upstreamModelId);
  const encoded = new Response(form);
  return { body: await encoded.arrayBuffer(), contentType: encoded.headers.get('content-type')! };
}

function timers(input: CallInput) {
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), input.totalTimeoutMs);
  deadline.unref?.();
  const firstByte = setTimeout(() => controller.abort(new DOMException('first byte', 'TimeoutError')), input.firstByteTimeoutMs);
  firstByte.unref?.();
  return { controller, deadline, firstByte, clear: () => (clearTimeout(deadline), clearTimeout(firstByte)) };
}

const timedOut = (controller: AbortController, slug: string, error: unknown) =>
  controller.signal.aborted && controller.signal.reason instanceof DOMException ? new UpstreamFailure(undefined, `${slug}: timed out`, 'timeout') : error;

function tokens(usage: { input_tokens?: unknown; output_tokens?: unknown } | undefined): Pick<Usage, 'inputTokens' | 'outputTokens'> {
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0);
  return { inputTokens: count(usage?.input_tokens), outputTokens: count(usage?.output_tokens) };
}

async function forwardMedia(input: CallInput, media: MediaCall, forward: MediaForward): Promise<UpstreamResult> {
  const { attempt } = input;
  const slug = attempt.provider.slug;
  const { fetch } = upstreamReach(attempt.credential, input.teamNetwork);
  const { body, contentType } = await encode(input.request, forward, attempt.upstreamModelId);
  const timer = timers(input);
  let response: Response;
  try {
    response = await fetch(attempt.credential.baseURL + forward.path, {
      method: 'POST',
      headers: { 'content-type': contentType, ...authHeaders(attempt.provider, attempt.credential.apiKey) },
      body,
      signal: timer.controller.signal,
      // A redirect is a failure: following it would leave the address that was checked.
      redirect: 'manual',
    });
  } catch (error) {
    timer.clear();
    throw timedOut(timer.controller, slug, error);
  }
  clearTimeout(timer.firstByte);
  if (response.status >= 300) {
    const text = await readBounded(response, 64 * 1024).catch(() => '');
    timer.clear();
    const retry = Number(response.headers.get('retry-after'));
    throw new UpstreamFailure(response.status, `${slug}: ${upstreamMessage(text)}`, 'http', Number.isFinite(retry) && response.headers.has('retry-after') ? retry : undefined);
  }
  const upstreamType = response.headers.get('content-type') ?? undefined;
  if (media.kind === 'speech') return speechStream(response, media.call.text.length, timer, upstreamType);
  let text: string;
  try {
    text = await readBounded(response, media.kind === 'image' ? MAX_IMAGE_RESPONSE_BYTES : MAX_TRANSCRIPT_BYTES);
  } catch (error) {
    throw timedOut(timer.controller, slug, error);
  } finally {
    timer.clear();
  }
  if (media.kind === 'image') {
    let parsed: { data?: unknown[]; usage?: { input_tokens?: unknown; output_tokens?: unknown } };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new UpstreamFailure(502, `${slug}: the image answer was not JSON`, 'http');
    }
    const count = Array.isArray(parsed.data) ? parsed.data.length : 0;
    const usage: Usage = { ...emptyUsage(), ...tokens(parsed.usage), units: { unit: 'image', quantity: count } };
    return { kind: 'json', body: new JsonText(text), usage, finishReason: undefined, contentType: upstreamType };
  }
  return { kind: 'json', body: new JsonText(text), usage: transcriptionUsage(text, media.kind === 'transcription' ? media.audioBytes : 0), finishReason: undefined, contentType: upstreamType };
}

/**
 * Seconds billed for a transcript: `usage.seconds` (whisper-1's `{ type: 'duration' }`), else
 * `duration` (verbose_json), else an estimate from the file's size; token usage (gpt-4o models)
 * is recorded beside it.
 */
function transcriptionUsage(text: string, audioBytes: number): Usage {
  let parsed: { duration?: unknown; usage?: { type?: unknown; seconds?: unknown; input_tokens?: unknown; output_tokens?: unknown } } | undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') parsed = value as typeof parsed;
  } catch {
    // text, srt or vtt: no usage in the answer
  }
  const reported = parsed?.usage?.type === 'duration' ? parsed.usage.seconds : parsed?.duration;
  const seconds = typeof reported === 'number' && Number.isFinite(reported) && reported >= 0 ? reported : undefined;
  const usage = { ...emptyUsage(), ...(parsed?.usage?.type === 'tokens' ? tokens(parsed.usage) : {}) };
  if (seconds === undefined) return { ...usage, estimated: true, units: { unit: 'second', quantity: estimatedAudioSeconds(audioBytes) } };
  return { ...usage, units: { unit: 'second', quantity: Math.ceil(seconds) } };
}

/** The upstream's audio bytes as they arrive, bounded in size and time; billed per character of input. */
function speechStream(response: Response, characters: number, timer: ReturnType<typeof timers>, upstreamType: string | undefined): UpstreamResult {
  const tracker = newStreamTracker();
  // Known before a byte is sent: what is billed if the stream completes, or is cut after the upstream began speaking.
  tracker.usage = { ...emptyUsage(), units: { unit: 'character', quantity: characters } };
  let total = 0;
  const body = response.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        tracker.firstTokenAt ??= Date.now();
        total += chunk.byteLength;
        if (total > MAX_SPEECH_BYTES) {
          timer.controller.abort();
          throw new Error('the audio was larger than Gatehouse streams');
        }
        tracker.outputChars = total;
        controller.enqueue(chunk);
      },
      flush() {
        tracker.finishReason = 'stop';
        timer.clear();
      },
    }),
  );
  return { kind: 'stream', body, tracker, abort: () => (timer.clear(), timer.controller.abort()), contentType: upstreamType ?? 'audio/mpeg' };
}

async function translateMedia(input: CallInput, media: MediaCall): Promise<UpstreamResult> {
  const { attempt, protocol, request, identity } = input;
  // The provider reads the answer whole: held to the limit the direct path reads under.
  const limit = media.kind === 'image' ? MAX_IMAGE_RESPONSE_BYTES : media.kind === 'speech' ? MAX_SPEECH_BYTES : MAX_TRANSCRIPT_BYTES;
  const fetch = boundedBodies(upstreamReach(attempt.credential, input.teamNetwork).fetch, limit);
  const connection = { baseURL: attempt.credential.baseURL, apiKey: attempt.credential.apiKey, fetch };
  const timer = timers(input);
  // No byte streams back before the answer is complete, so the first-byte wait is the whole wait.
  clearTimeout(timer.firstByte);
  const abortSignal = timer.controller.signal;
  let result: MediaResult;
  let usage: Usage;
  try {
    if (media.kind === 'image') {
      const model = await createImageModel(attempt.provider, connection, attempt.upstreamModelId);
      const images = await model.doGenerate({ ...media.call, abortSignal });
      result = { kind: 'image', result: images };
      usage = { ...emptyUsage(), inputTokens: images.usage?.inputTokens ?? 0, outputTokens: images.usage?.outputTokens ?? 0, units: { unit: 'image', quantity: images.images.length } };
    } else if (media.kind === 'speech') {
      const model = await createSpeechModel(attempt.provider, connection, attempt.upstreamModelId);
      result = { kind: 'speech', result: await model.doGenerate({ ...media.call, abortSignal }) };
      usage = { ...emptyUsage(), units: { unit: 'character', quantity: media.call.text.length } };
    } else {
      const model = await createTranscriptionModel(attempt.provider, connection, attempt.upstreamModelId);
      const transcript = await model.doGenerate({ ...media.call, abortSignal });
      result = { kind: 'transcription', result: transcript };
      const seconds = transcript.durationInSeconds;
      const reported = transcript.usage as { type?: unknown; input_tokens?: unknown; output_tokens?: unknown } | undefined;
      usage = {
        ...emptyUsage(),
        ...(reported?.type === 'tokens' ? tokens(reported) : {}),
        estimated: seconds === undefined,
        units: { unit: 'second', quantity: seconds === undefined ? estimatedAudioSeconds(media.audioBytes) : Math.ceil(seconds) },
      };
    }
  } catch (error) {
    throw providerRefusal(error, attempt.provider.name) ?? timedOut(timer.controller, attempt.provider.slug, error);
  } finally {
    timer.clear();
  }
  return { kind: 'json', body: protocol.serializeMedia!(result, identity, request, usage), usage, finishReason: undefined };
}
