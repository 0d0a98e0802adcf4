import { fromSdkUsage } from '../protocols/shared/usage';
import { createEmbeddingModel, createLanguageModel } from '../providers/create-model';
import type { TeamNetwork } from '../net/team-network';
import { authHeaders } from '../providers/http';
import { acceptsNatively } from '../providers/registry';
import { callRerank } from './call-rerank';
import { callMedia } from './call-media';
import { armDeadline, clearDeadline } from './deadlines';
import { passthroughStream } from './passthrough-stream';
import { JsonText } from './respond';
import { tierApplies, withServiceTier, withServiceTierOption } from './service-tier';
import type { PushStream } from './push-stream';
import type { Attempt } from './plan';
import { boundedBodies, maxAnswerBytes } from './upstream-limits';
import { upstreamReach } from './upstream-reach';
import { dispatchUpstream, UpstreamBodyTooLargeError, type UpstreamBody } from './upstream-dispatch';
import { placesBreakpoints } from './prompt-caching';
import type { PassthroughCodec } from '../protocols/passthrough';
import { placeCallBreakpoints } from '../providers/anthropic-cache-breakpoints';
import type { ClientProtocolAdapter, HeaderReader, ParsedRequest, ResponseIdentity, StreamTracker, Usage } from './types';
import { emptyUsage, newStreamTracker } from './types';
import { UpstreamFailure, upstreamMessage } from './upstream-failure';

export type UpstreamResult =
  | { kind: 'json'; body: unknown; usage: Usage | undefined; finishReason: string | undefined; contentType?: string }
  | { kind: 'stream'; body: ReadableStream<Uint8Array> | PushStream; tracker: StreamTracker; abort(): void; contentType?: string };

export type CallInput = {
  attempt: Attempt;
  protocol: ClientProtocolAdapter;
  request: ParsedRequest;
  identity: ResponseIdentity;
  /** The client's headers; a codec may forward a few (anthropic-beta) to a same-protocol upstream. */
  clientHeaders: HeaderReader;
  firstByteTimeoutMs: number;
  totalTimeoutMs: number;
  /** Where team-chosen base URLs are reached (see upstream-reach.ts). */
  teamNetwork: TeamNetwork;
};

/** Same wire format on both sides: forward the body, stream the bytes back. */
export function canPassThrough(protocol: ClientProtocolAdapter, attempt: Attempt): boolean {
  return Boolean(protocol.passthrough && protocol.native && acceptsNatively(attempt.provider, protocol.native, attempt.upstreamModelId));
}

export async function callUpstream(input: CallInput): Promise<UpstreamResult> {
  if (input.request.media) return callMedia(input);
  return canPassThrough(input.protocol, input.attempt) ? passThrough(input) : translate(input);
}

async function passThrough({ attempt, protocol, request, identity, clientHeaders, firstByteTimeoutMs, totalTimeoutMs, teamNetwork }: CallInput): Promise<UpstreamResult> {
  const { dispatcher } = upstreamReach(attempt.credential, teamNetwork);
  const codec = protocol.passthrough!;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: request.stream ? 'text/event-stream' : 'application/json',
  };
  for (const name of codec.forwardHeaders ?? []) {
    const value = clientHeaders.get(name);
    if (value) headers[name] = value;
  }
  Object.assign(headers, authHeaders(attempt.provider, attempt.credential.apiKey));
  // No AbortController or timer of its own: the shared deadline check bounds the wait for
  // headers (dispatchUpstream) and ends the body (see deadlines.ts).
  const upstream: { body?: UpstreamBody; expired?: boolean } = {};
  const deadline = armDeadline(totalTimeoutMs, () => {
    upstream.expired = true;
    upstream.body?.destroy(new DOMException('deadline', 'TimeoutError'));
  });
  const response = await dispatchUpstream(dispatcher, {
    url: attempt.credential.baseURL + codec.path,
    method: 'POST',
    headers,
    body: passThroughBody(codec, request, attempt),
    headersTimeout: Math.min(firstByteTimeoutMs, totalTimeoutMs),
  }).catch((error: unknown) => {
    clearDeadline(deadline);
    throw error;
  });
  upstream.body = response.body;
  if (upstream.expired) response.body.destroy(new DOMException('deadline', 'TimeoutError'));
  // A redirect is a failure too: following it would leave the address that was checked.
  if (response.statusCode >= 300) {
    // Read under the deadline: an upstream may send an error status and never finish its body.
    const text = await response.body
      .text(MAX_ERROR_BODY_BYTES)
      .catch(() => '')
      .finally(() => clearDeadline(deadline));
    const retry = Number(response.headers['retry-after']);
    throw new UpstreamFailure(response.statusCode, `${attempt.provider.slug}: ${upstreamMessage(text)}`, 'http', Number.isFinite(retry) ? retry : undefined);
  }
  if (!request.stream) {
    try {
      const text = await response.body.text(maxAnswerBytes(request)).catch((error: unknown) => {
        if (error instanceof UpstreamBodyTooLargeError) throw new UpstreamFailure(502, `${attempt.provider.slug}: ${error.message}`, 'http');
        throw error;
      });
      const spliced = codec.spliceJson?.(text, identity);
      if (spliced) return { kind: 'json', body: new JsonText(spliced.body), usage: spliced.usage, finishReason: spliced.finishReason };
      return { kind: 'json', ...codec.transformJson(JSON.parse(text), identity) };
    } finally {
      clearDeadline(deadline);
    }
  }
  const tracker = newStreamTracker();
  const forward = codec.createStreamTransformer(request, identity, tracker);
  // The closures hold the body only: the upstream's headers need not live as long as the stream.
  const { body } = response;
  const stream = passthroughStream({ body, forward, onFinish: () => clearDeadline(deadline) });
  return { kind: 'stream', body: stream, tracker, abort: () => (clearDeadline(deadline), body.cancel()) };
}

/** An upstream's error body is read for its message only. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Bytes spliced (model id only) unless a service tier or cache breakpoints must be added to the body. */
function passThroughBody(codec: PassthroughCodec, request: ParsedRequest, attempt: Attempt): string {
  const caching = codec.withPromptCaching && placesBreakpoints(request.options, attempt);
  if (!caching && !tierApplies(request.options, attempt)) {
    const spliced = codec.spliceBody?.(request, attempt.upstreamModelId);
    if (spliced !== undefined) return spliced;
  }
  const body = withServiceTier(codec.buildBody(request, attempt.upstreamModelId), request.options, attempt);
  return JSON.stringify(caching ? codec.withPromptCaching!(body) : body);
}

async function embed({ attempt, protocol, request, identity, totalTimeoutMs, teamNetwork }: CallInput): Promise<UpstreamResult> {
  const fetch = boundedBodies(upstreamReach(attempt.credential, teamNetwork).fetch, maxAnswerBytes(request));
  const model = await createEmbeddingModel(attempt.provider, { baseURL: attempt.credential.baseURL, apiKey: attempt.credential.apiKey, fetch }, attempt.upstreamModelId);
  const { values, dimensions, providerOptions } = request.embedding!;
  const result = await model.doEmbed({ values, dimensions, providerOptions, abortSignal: AbortSignal.timeout(totalTimeoutMs) });
  const tokens = result.usage?.tokens;
  return {
    kind: 'json',
    body: protocol.serializeEmbeddings!(result, identity, request),
    usage: tokens === undefined ? undefined : { ...emptyUsage(), inputTokens: tokens },
    finishReason: undefined,
  };
}

async function translate(input: CallInput): Promise<UpstreamResult> {
  if (input.request.embedding) return embed(input);
  if (input.request.rerank) return callRerank(input);
  const { attempt, protocol, request, identity, firstByteTimeoutMs, totalTimeoutMs } = input;
  const fetch = boundedBodies(upstreamReach(attempt.credential, input.teamNetwork).fetch, request.stream ? 'stream' : maxAnswerBytes(request));
  const model = await createLanguageModel(attempt.provider, { baseURL: attempt.credential.baseURL, apiKey: attempt.credential.apiKey, fetch }, attempt.upstreamModelId, {
    reasoning: attempt.model.capabilities.includes('reasoning'),
    clientKeepsReasoning: protocol.keepsReasoning === true,
  });
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), totalTimeoutMs);
  deadline.unref?.();
  const firstByte = setTimeout(() => controller.abort(new DOMException('first byte', 'TimeoutError')), firstByteTimeoutMs);
  const call = withServiceTierOption(request.toCallOptions(), request.options, attempt);
  const options = { ...(placesBreakpoints(request.options, attempt) ? placeCallBreakpoints(call).options : call), abortSignal: controller.signal };
  try {
    if (!request.stream) {
      const result = await model.doGenerate(options);
      return { kind: 'json', body: protocol.serializeResult(result, identity, request), usage: fromSdkUsage(result.usage), finishReason: protocol.finishReasonLabel?.(result.finishReason.unified) ?? result.finishReason.unified };
    }
    const { stream } = await model.doStream(options);
    clearTimeout(firstByte);
    const tracker = newStreamTracker();
    const body = stream.pipeThrough(protocol.streamSerializer(request, identity, tracker)).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        flush() {
          clearTimeout(deadline);
        },
      }),
    );
    return { kind: 'stream', body, tracker, abort: () => (clearTimeout(deadline), controller.abort()) };
  } catch (error) {
    clearTimeout(deadline);
    throw controller.signal.aborted && controller.signal.reason instanceof DOMException ? new UpstreamFailure(undefined, `${attempt.provider.slug}: timed out`, 'timeout') : error;
  } finally {
    clearTimeout(firstByte);
    if (!request.stream) clearTimeout(deadline);
  }
}
