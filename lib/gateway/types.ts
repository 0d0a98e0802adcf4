import type {
  EmbeddingModelV4Result,
  ImageModelV4CallOptions,
  ImageModelV4Result,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  RerankingModelV4CallOptions,
  RerankingModelV4Result,
  SharedV4ProviderOptions,
  SpeechModelV4CallOptions,
  SpeechModelV4Result,
  TranscriptionModelV4CallOptions,
  TranscriptionModelV4Result,
} from '@ai-sdk/provider';
import type { PriceUnit } from '@/db/schema';
import type { Prices } from '../billing/pricing';
import type { PassthroughCodec } from '../protocols/passthrough';
import type { GatewayOptionsInput } from '../protocols/shared/gateway-options';
import type { NativeProtocol } from '../providers/registry';
import type { GatewayError } from './errors';

export type ClientProtocol = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'embeddings' | 'ai-sdk' | 'images' | 'speech' | 'transcription' | 'rerank';

/** Routing and attribution options, from `providerOptions.gateway` in any front door. */
export type GatewayOptions = GatewayOptionsInput;

/** What a front door hands the pipeline: enough to route, pass through, or translate. */
export type ParsedRequest = {
  model: string;
  stream: boolean;
  options: GatewayOptions;
  /** The client's own body, forwarded (model rewritten) on the pass-through path. */
  body: Record<string, unknown>;
  /** The JSON text `body` was parsed from, when the pipeline read it: pass-through splices the model id into it. */
  rawBody?: string;
  /** The canonical call for the translation path, built only when needed. */
  toCallOptions(): LanguageModelV4CallOptions;
  /** A rough count, used to estimate usage when the upstream never reports it. */
  estimatedInputTokens: number;
  /** The client's output cap, if it set one: rate limits and credit holds count it. */
  maxOutputTokens?: number;
  /** Set for embedding requests: the texts to embed, and per-provider options (never `gateway`). */
  embedding?: { values: string[]; dimensions?: number; providerOptions?: SharedV4ProviderOptions };
  /** Set for rerank requests: the reranking model's call, per-provider options included (never `gateway`). */
  rerank?: Pick<RerankingModelV4CallOptions, 'query' | 'documents' | 'topN' | 'providerOptions'>;
  /** The most non-token units the request can be billed for (a rerank's search units): credit holds count them at the unit price. */
  maxUnits?: { unit: PriceUnit; quantity: number };
  /** Set for image, speech and transcription requests (see `MediaCall`). */
  media?: MediaCall;
};

type CallOf<T> = Omit<T, 'abortSignal' | 'headers'>;

/**
 * An image, speech or transcription call: the AI SDK's call options (what the translation path
 * hands a provider package), and for the OpenAI doors the client's own request, which an
 * OpenAI-API upstream gets as it is with only the model id replaced.
 */
export type MediaCall = (
  | { kind: 'image'; call: CallOf<ImageModelV4CallOptions> }
  | { kind: 'speech'; call: CallOf<SpeechModelV4CallOptions> }
  | { kind: 'transcription'; call: CallOf<TranscriptionModelV4CallOptions>; audioBytes: number }
) & { forward?: MediaForward };

/** The client's OpenAI request, for an upstream that speaks OpenAI's API: JSON or multipart. */
export type MediaForward = { path: string; json?: Record<string, unknown>; form?: FormData };

export type MediaResult =
  | { kind: 'image'; result: ImageModelV4Result }
  | { kind: 'speech'; result: SpeechModelV4Result }
  | { kind: 'transcription'; result: TranscriptionModelV4Result };

export type Usage = {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** True when tokens were estimated because the upstream never reported them. */
  estimated: boolean;
  /** Non-token usage, priced at the offering's `unitPrice` when its `priceUnit` matches. */
  units?: { unit: PriceUnit; quantity: number };
};

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  estimated: false,
});

/**
 * One upstream attempt, with what a client may be told about it. The usage row keeps the
 * `AttemptRecord` subset; responses that can carry routing metadata show all of it.
 */
export type AttemptTrace = {
  model: string;
  provider: string;
  upstreamModelId: string;
  credential: 'byok' | 'system';
  status: 'success' | 'error' | 'aborted';
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number;
  httpStatus?: number;
  errorCode?: string;
  error?: string;
};

/** How the answering attempt was reached: the plan, the attempts before it, and the attempt itself. */
export type RoutingTrace = {
  requestedModel: string;
  /** Every (model, provider) the plan would try, in order, one entry per credential. */
  plan: Array<{ model: string; provider: string; upstreamModelId: string }>;
  /** Attempts that ended before the answering one. */
  previous: AttemptTrace[];
  /** The attempt whose output this response carries; its outcome is known only to the serializer. */
  current: Pick<AttemptTrace, 'model' | 'provider' | 'upstreamModelId' | 'credential' | 'startedAt'> & { prices: Prices };
};

/** Identity of the response as the client sees it; `routing` is set for every model call the pipeline routed. */
export type ResponseIdentity = { generationId: string; model: string; created: number; routing?: RoutingTrace };

/** What a stream reports when it ends, however it ends. */
export type StreamOutcome = {
  status: 'success' | 'error' | 'aborted';
  usage: Usage | undefined;
  finishReason?: string;
  outputChars: number;
  error?: GatewayError;
};

export type FinishReason = LanguageModelV4FinishReason['unified'];

/** The request headers as the gateway reads them: a web `Headers`, or the lean server's view of Node's. */
export type HeaderReader = Pick<Headers, 'get'>;

/**
 * A model call as the handler needs it: a web `Request` is one; the lean server passes a
 * lighter object over Node's request, so no `Request` (with its signal and body stream) is
 * built per call.
 */
export type GatewayInput = {
  headers: HeaderReader;
  text(): Promise<string>;
  /** The body as bytes, for multipart uploads (a web Request has it; the lean server's input too). */
  arrayBuffer?(): Promise<ArrayBuffer>;
  /** `aborted` once the client has gone: a web Request's own signal, or the lean server's socket state. */
  signal?: Pick<AbortSignal, 'aborted'>;
};

/** One client-facing wire format: parsing, pass-through, translation and errors. */
export type ClientProtocolAdapter = {
  id: ClientProtocol;
  /** The upstream wire format this client format passes through to unchanged. */
  native: NativeProtocol | null;
  passthrough: PassthroughCodec | null;
  /** The client's request: its JSON body, and its headers for formats that carry call options there. */
  parse(body: unknown, headers: HeaderReader): ParsedRequest;
  /**
   * The model asked for, read before `parse` so that a request that fails to parse is still
   * logged against it. Without this, the body's `model` member.
   */
  requestedModel?(body: unknown, headers: HeaderReader): string;
  /** The client sends reasoning back on later turns with its provider metadata, so it survives only where an upstream API carries it. */
  keepsReasoning?: boolean;
  serializeResult(result: LanguageModelV4GenerateResult, identity: ResponseIdentity, request: ParsedRequest): unknown;
  /**
   * The finish reason in this format's own words (`tool_calls`, `end_turn`, `max_output_tokens`),
   * as its serializers send it, so the usage log records what the client saw whether the answer
   * was streamed or not. Without this, the AI SDK's unified reason.
   */
  finishReasonLabel?(reason: FinishReason): string | undefined;
  streamSerializer(request: ParsedRequest, identity: ResponseIdentity, tracker: StreamTracker): TransformStream<LanguageModelV4StreamPart, Uint8Array>;
  /** The bytes that end a stream that failed after it started. */
  streamError(error: GatewayError): Uint8Array[];
  errorBody(error: GatewayError): unknown;
  /** Media front doors only: a translated image, speech or transcription result in the client's shape. */
  serializeMedia?(result: MediaResult, identity: ResponseIdentity, request: ParsedRequest, usage: Usage): unknown;
  /** How the body is read: JSON (default), or a multipart form (OpenAI's uploads), handed to `parse` as `FormData`. */
  bodyFormat?: 'json' | 'multipart';
  /** Embedding front doors only: a translated embedding result in the client's shape. */
  serializeEmbeddings?(result: EmbeddingModelV4Result, identity: ResponseIdentity, request: ParsedRequest): unknown;
  /** Rerank front doors only: a reranking result in the client's shape; `searchUnits` is what the call is billed for. */
  serializeRerank?(result: RerankingModelV4Result, identity: ResponseIdentity, request: ParsedRequest, searchUnits: number): unknown;
};

/** State a stream transform keeps as bytes pass, read by the meter however the stream ends. */
export type StreamTracker = {
  usage: Usage | undefined;
  finishReason: string | undefined;
  /** Characters of output seen, to estimate usage if the upstream never reports it. */
  outputChars: number;
  /** Set when the upstream reported an error inside the stream. */
  error: GatewayError | undefined;
  /** When the first output token reached the transform (ms since epoch). */
  firstTokenAt: number | undefined;
  /** Set by serializers whose in-stream error depends on stream state (ids, sequence numbers). */
  streamError?: (error: GatewayError) => Uint8Array[];
};

export const newStreamTracker = (): StreamTracker => ({
  usage: undefined,
  finishReason: undefined,
  outputChars: 0,
  error: undefined,
  firstTokenAt: undefined,
});
