import type { AttemptRecord, ModelKind } from '@/db/schema';
import type { UsageRow } from '@/db/queries/usage-logs';
import type { Principal } from '../auth/api-key-auth';
import { authenticate } from '../auth/authenticate';
import { priceUsage } from '../billing/pricing';
import { estimateTokens } from '../protocols/shared/estimate-tokens';
import type { Slot } from '../limits/concurrency';
import { admit } from './admit';
import { readAttribution } from './attribution';
import { callUpstream } from './call-upstream';
import { takeConcurrencySlot } from './concurrency-slot';
import type { GatewayDeps } from './deps';
import { GatewayError, toGatewayError } from './errors';
import { newGenerationId } from './generation-id';
import { meteredStream, type StreamEnd } from './metered-stream';
import { storesBodies, type BodyCapture } from '../privacy/body-store';
import { requestKind } from './model-kind';
import { firstByteTimeout, planAttempts, type Attempt } from './plan';
import { resolveCaching } from './prompt-caching';
import { rememberServed, withAffinity } from './session-affinity';
import { ignoredOptionsHeader } from './service-tier';
import { errorReply, jsonReply, streamReply, type Reply } from './respond';
import type { AttemptTrace, ClientProtocolAdapter, GatewayInput, HeaderReader, ParsedRequest, ResponseIdentity, RoutingTrace, Usage } from './types';
import { finalError, toUpstreamFailure, type UpstreamFailure } from './upstream-failure';

type Generation = {
  id: string;
  startedAt: number;
  principal: Principal;
  protocol: ClientProtocolAdapter;
  request: ParsedRequest | undefined;
  requestedModel: string;
  /** Every attempt so far, in order; the usage row keeps the `AttemptRecord` part of each. */
  attempts: AttemptTrace[];
  headers: HeaderReader;
  /** `x-ratelimit-*`, on every response once known. */
  limitHeaders: Record<string, string>;
  reservedMicros: number;
  /** A hold was taken at admission; it is settled to the real cost when the generation ends. */
  held: boolean;
  /** Whether the client has gone (it left before a JSON answer was ready). */
  client: GatewayInput['signal'];
  tokenBuckets: Array<{ key: string; limit: number }>;
  tokenEstimate: number;
  /** Its place under the team's and key's caps on calls in flight, given back when it is metered. */
  slot: Slot;
  /** The conversation's session-affinity key, when affinity applies: the attempt that answers is remembered under it. */
  affinityKey?: string;
};

async function readJson(request: GatewayInput): Promise<{ text: string; body: unknown }> {
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    // Past the door's size limit (413), or the client went away while sending the body.
    if (error instanceof GatewayError) throw error;
    throw new GatewayError('invalid_json', 'The request body could not be read.');
  }
  if (!text.trim()) throw new GatewayError('invalid_json', 'The request body is empty; expected a JSON object.');
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    throw new GatewayError('invalid_json', 'The request body is not valid JSON.');
  }
}

/** A multipart upload (OpenAI's audio and image-edit doors) as `FormData`, parsed by the platform's own parser. */
async function readForm(request: GatewayInput): Promise<{ text: undefined; body: FormData }> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) throw new GatewayError('invalid_request', 'The request body must be multipart/form-data.');
  if (!request.arrayBuffer) throw new GatewayError('internal', 'This server cannot read uploads');
  let bytes: ArrayBuffer;
  try {
    bytes = await request.arrayBuffer();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError('invalid_json', 'The request body could not be read.');
  }
  try {
    return { text: undefined, body: await new Response(bytes, { headers: { 'content-type': contentType } }).formData() };
  } catch {
    throw new GatewayError('invalid_request', 'The request body is not a valid multipart/form-data upload.');
  }
}

const modelMember = (body: unknown) => (body && typeof body === 'object' && typeof (body as { model?: unknown }).model === 'string' ? (body as { model: string }).model : '');

/**
 * The whole pipeline for one model call: authenticate, parse, plan, admit, execute with
 * fallback before the first byte, respond in the client's format, and meter exactly once.
 */
export async function handleModelRequest(deps: GatewayDeps, protocol: ClientProtocolAdapter, request: GatewayInput): Promise<Reply> {
  const startedAt = Date.now();
  let principal: Principal;
  try {
    principal = await authenticate(deps, request.headers);
  } catch (error) {
    return refuse(deps, protocol, report(deps, error));
  }
  // Refused without a usage row: rows are what is piling up.
  if (deps.meter.backlogged()) {
    return refuse(deps, protocol, new GatewayError('usage_log_behind', 'Gatehouse cannot record usage right now (its database is unavailable or behind); try again shortly.', { retryAfterSeconds: 1 }));
  }
  let slot: Slot;
  try {
    // Refused before the body is read and without a usage row: a client hammering past its cap
    // costs a counter check, not a parse and a database write that would slow everyone else.
    slot = await takeConcurrencySlot(deps, principal);
  } catch (error) {
    return refuse(deps, protocol, report(deps, error));
  }

  const generation: Generation = { id: newGenerationId(), startedAt, principal, protocol, request: undefined, requestedModel: '',
    attempts: [],
    headers: request.headers,
    limitHeaders: {},
    reservedMicros: 0,
    held: false,
    client: request.signal,
    tokenBuckets: [],
    tokenEstimate: 0,
    slot,
  };
  try {
    const { text, body } = protocol.bodyFormat === 'multipart' ? await readForm(request) : await readJson(request);
    generation.requestedModel = protocol.requestedModel
      ? protocol.requestedModel(body, request.headers)
      : body instanceof FormData
        ? String(body.get('model') ?? '').slice(0, 256)
        : modelMember(body);
    const parsed = protocol.parse(body, request.headers);
    parsed.rawBody = text;
    parsed.options.caching = resolveCaching(parsed.options, request.headers, principal.settings.promptCachingAuto);
    generation.request = parsed;
    generation.requestedModel = parsed.model;
    const affinity = await withAffinity({ memory: deps.affinity, health: deps.health, teamId: principal.teamId, request: parsed, attempts: await plan(deps, principal, parsed) });
    generation.affinityKey = affinity.key;
    const admission = await admit(deps, principal, parsed, affinity.attempts, generation.limitHeaders, generation.id);
    generation.reservedMicros = admission.reservedMicros;
    generation.held = admission.held;
    if (generation.held) recordHeld(deps, generation);
    generation.tokenBuckets = admission.tokenBuckets;
    generation.tokenEstimate = admission.tokenEstimate;
    return await execute(deps, generation, parsed, admission.attempts);
  } catch (error) {
    const gatewayError = report(deps, error);
    await recordFailure(deps, generation, gatewayError);
    const headers: Record<string, string> = { ...generation.limitHeaders };
    if (generation.attempts.length > 0) headers['x-gatehouse-attempts'] = attemptsHeader(generation.attempts);
    return errorReply(protocol, gatewayError, generation.id, headers);
  }
}

/** Refused before the generation has a row: counted by telemetry, answered in the door's envelope. */
function refuse(deps: GatewayDeps, protocol: ClientProtocolAdapter, error: GatewayError): Reply {
  deps.telemetry?.refused(protocol.id, error);
  return errorReply(protocol, error);
}

function report(deps: GatewayDeps, error: unknown): GatewayError {
  const gatewayError = toGatewayError(error);
  if (gatewayError.code === 'internal') deps.logger.error('gateway request failed', { error: (error as Error)?.stack ?? String(error) });
  return gatewayError;
}

async function plan(deps: GatewayDeps, principal: Principal, request: ParsedRequest): Promise<Attempt[]> {
  const ids = [request.model, ...(request.options.models ?? [])];
  const models = new Map(await Promise.all(ids.map(async (id) => [id, await deps.catalog.lookup(id)] as const)));
  const wanted = requestKind(request);
  const requested = models.get(request.model);
  if (requested && requested.kind !== wanted) throw wrongKind(request.model, requested.kind, wanted);
  for (const [id, model] of models) if (model && model.kind !== wanted) models.delete(id);
  return planAttempts({
    requestedModel: request.model,
    options: request.options,
    principal,
    lookupModel: (id) => models.get(id),
    byok: await deps.byokCredentials(principal.teamId),
    system: deps.systemConnection,
    facts: deps.providerFacts,
    health: deps.health,
  });
}

const kindNames: Record<ModelKind, { name: string; doors: string }> = {
  language: { name: 'a language', doors: '/v1/chat/completions, /v1/responses or /v1/messages' },
  embedding: { name: 'an embedding', doors: '/v1/embeddings' },
  image: { name: 'an image', doors: '/v1/images/generations or /v1/images/edits' },
  speech: { name: 'a speech', doors: '/v1/audio/speech' },
  transcription: { name: 'a transcription', doors: '/v1/audio/transcriptions' },
  rerank: { name: 'a rerank', doors: '/v1/rerank' },
};

/** A model called through a door of another kind (chat with an image model): a 400 naming the right door. */
function wrongKind(model: string, kind: ModelKind, wanted: ModelKind): GatewayError {
  return new GatewayError('invalid_request', `'${model}' is ${kindNames[kind].name} model, and this endpoint serves ${kindNames[wanted].name.replace(/^an? /, '')} models; call it through ${kindNames[kind].doors}.`, { param: 'model' });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a random wait up to 100 ms × 2^retry, so retries from many clients spread out. */
const backoff = (retry: number) => Math.random() * 100 * 2 ** retry;

/** `x-gatehouse-attempts`: each attempt as model@provider:credential:outcome, comma-separated. */
function attemptsHeader(attempts: AttemptTrace[]): string {
  return attempts.map((attempt) => `${attempt.model}@${attempt.provider}:${attempt.credential}:${attempt.status === 'success' ? 'ok' : (attempt.errorCode ?? attempt.status)}`).join(', ');
}

/**
 * An attempt's identity as its response carries it; `routing` is built only when read (only the
 * AI SDK door reads it). A class with the getter on its prototype, not an object literal with a
 * `get`: V8 puts a literal's own accessor in an AccessorPair allocated in the old generation, so
 * until a full collection the getter's closure and all it reaches (the whole request) survived
 * every scavenge and was promoted (see `nodeGatewayInput` in server/node-adapter.ts).
 */
class AttemptIdentity implements ResponseIdentity {
  #routing: RoutingTrace | undefined;
  constructor(
    readonly generationId: string,
    readonly model: string,
    readonly created: number,
    private readonly trace: () => RoutingTrace,
  ) {}

  get routing(): RoutingTrace {
    return (this.#routing ??= this.trace());
  }
}

async function execute(deps: GatewayDeps, generation: Generation, request: ParsedRequest, attempts: Attempt[]): Promise<Reply> {
  // Whichever failed last decides the client's error: a request the upstream format cannot
  // express (400) or an upstream failure (mapped to 429/502/503/504).
  let last: { error: GatewayError } | { failure: UpstreamFailure; credential: 'byok' | 'system' } | undefined;
  const deadline = generation.startedAt + deps.env.GATEHOUSE_REQUEST_DEADLINE_MS;
  const tried = attempts.slice(0, deps.env.GATEHOUSE_MAX_ATTEMPTS);
  let planned: RoutingTrace['plan'] | undefined;
  for (const attempt of tried) {
    for (let retry = 0; retry <= deps.env.GATEHOUSE_RETRIES; retry++) {
      if (Date.now() >= deadline) {
        last = { error: new GatewayError('upstream_timeout', 'The request ran out of time before any provider answered.') };
        break;
      }
      const attemptStart = Date.now();
      // Built only when a response carries it (the AI SDK door's routing metadata). Attempts are
      // only ever appended, so the first `previousCount` are the ones before this attempt.
      const previousCount = generation.attempts.length;
      const identity = new AttemptIdentity(generation.id, attempt.model.id, Math.floor(attemptStart / 1000), () => {
        planned ??= tried.map((each) => ({ model: each.model.id, provider: each.provider.slug, upstreamModelId: each.upstreamModelId }));
        return {
          requestedModel: generation.requestedModel,
          plan: planned,
          previous: generation.attempts.slice(0, previousCount),
          current: { model: attempt.model.id, provider: attempt.provider.slug, upstreamModelId: attempt.upstreamModelId, credential: attempt.credential.type, startedAt: attemptStart, prices: attempt.offering },
        };
      });
      try {
        const result = await callUpstream({
          attempt,
          protocol: generation.protocol,
          request,
          identity,
          clientHeaders: generation.headers,
          firstByteTimeoutMs: Math.min(firstByteTimeout(request.options, attempt) ?? deps.env.GATEHOUSE_FIRST_BYTE_TIMEOUT_MS, deadline - attemptStart),
          totalTimeoutMs: deps.env.GATEHOUSE_UPSTREAM_TIMEOUT_MS,
          teamNetwork: deps.teamNetwork,
        });
        rememberServed(deps.affinity, generation.affinityKey, request, attempt);
        const successRecord = attemptTrace(attempt, 'success', attemptStart);
        const headers: Record<string, string> = {
          ...generation.limitHeaders,
          'x-generation-id': generation.id,
          'x-gatehouse-provider': attempt.provider.slug,
          'x-gatehouse-model': attempt.model.id,
          'x-gatehouse-attempts': attemptsHeader([...generation.attempts, successRecord]),
        };
        const ignored = ignoredOptionsHeader(request.options, attempt);
        if (ignored) headers['x-gatehouse-ignored-options'] = ignored;
        if (result.kind === 'json') {
          generation.attempts.push(successRecord);
          observeProvider(deps, attempt, { ok: true });
          // A client that left meanwhile is still charged what the upstream answered.
          const status = generation.client?.aborted ? 'aborted' : 'success';
          // Settled before the answer leaves, so the client's next request already finds the room.
          await recordSuccess(deps, generation, attempt, { usage: result.usage, finishReason: result.finishReason, status, ttftMs: null, outputChars: 0 });
          const reply = jsonReply(result.body, headers);
          if (result.contentType) reply.headers['content-type'] = result.contentType;
          if (typeof reply.body === 'string' && capturesBodies(deps, generation, request)) {
            deps.bodies!.capture(bodyCapture(generation, request, { kind: 'json', text: reply.body }));
          }
          return reply;
        }
        recordStreamStart(deps, generation, attempt);
        const collector = capturesBodies(deps, generation, request) ? deps.bodies!.streamCollector() : undefined;
        const body = meteredStream({
          onChunk: collector && ((chunk) => collector.push(chunk)),
          source: result.body,
          tracker: result.tracker,
          abortUpstream: result.abort,
          streamError: (error) => (result.tracker.streamError ?? generation.protocol.streamError)(error),
          onEnd: (end: StreamEnd) => {
            generation.attempts.push(attemptTrace(attempt, end.status, attemptStart, end.error?.message));
            const firstTokenAt = result.tracker.firstTokenAt;
            observeProvider(deps, attempt, {
              ok: end.status !== 'error',
              ttftMs: firstTokenAt ? firstTokenAt - attemptStart : null,
              outputTokens: result.tracker.usage?.outputTokens,
              streamMs: firstTokenAt ? Date.now() - firstTokenAt : undefined,
            });
            if (collector) deps.bodies!.capture(bodyCapture(generation, request, collector.result()));
            return recordSuccess(deps, generation, attempt, {
              usage: result.tracker.usage,
              finishReason: result.tracker.finishReason,
              status: end.status,
              error: end.error,
              ttftMs: firstTokenAt ? firstTokenAt - generation.startedAt : null,
              outputChars: result.tracker.outputChars,
            });
          },
        });
        const reply = streamReply(body, headers);
        // Bytes that are not events (speech audio) keep the upstream's type.
        if (result.contentType) reply.headers['content-type'] = result.contentType;
        return reply;
      } catch (error) {
        if (error instanceof GatewayError) {
          // The request cannot be expressed for this upstream (translation refused it): not the
          // upstream's fault, so no retry; a later attempt (say, a pass-through) may still serve it.
          generation.attempts.push(attemptTrace(attempt, 'error', attemptStart, error.message));
          last = { error };
          break;
        }
        const failure = toUpstreamFailure(error, attempt.provider.slug);
        generation.attempts.push(attemptTrace(attempt, 'error', attemptStart, failure.message, failure));
        observeProvider(deps, attempt, { ok: false });
        deps.logger.warn('upstream attempt failed', { generationId: generation.id, provider: attempt.provider.slug, credential: attempt.credential.type, code: failure.code });
        last = { failure, credential: attempt.credential.type };
        // A rejected BYOK key goes straight to the next credential; so do timeouts (a retry would wait as long again).
        if (attempt.credential.type === 'byok' && failure.credentialProblem) break;
        if (!failure.retriable) throw finalError(failure, attempt.credential.type);
        if (failure.kind === 'timeout' || (failure.retryAfterSeconds ?? 0) > 1) break;
        if (retry < deps.env.GATEHOUSE_RETRIES) await sleep(backoff(retry));
      }
    }
  }
  if (!last) throw new GatewayError('internal', 'No attempt was made');
  throw 'error' in last ? last.error : finalError(last.failure, last.credential);
}

/** Language-model calls whose team stores bodies (see `storesBodies`); media, embeddings and uploads are never kept. */
function capturesBodies(deps: GatewayDeps, generation: Generation, request: ParsedRequest): boolean {
  if (!deps.bodies || request.rawBody === undefined || request.media || request.embedding || request.rerank) return false;
  return storesBodies(true, generation.principal.settings, request.options);
}

function bodyCapture(generation: Generation, request: ParsedRequest, response: BodyCapture['response']): BodyCapture {
  return { generationId: generation.id, teamId: generation.principal.teamId, patterns: generation.principal.settings.redactionPatterns, request: request.rawBody!, response };
}

/**
 * What an attempt tells about its provider, for the circuit breaker and `sort`. Only system
 * credentials count: the instance's picture of a provider is shared by every team, and a team's
 * own key (a revoked one, or a base URL of its choosing that fails or answers fast) must not move
 * other teams' traffic.
 */
function observeProvider(deps: GatewayDeps, attempt: Attempt, event: { ok: boolean; ttftMs?: number | null; outputTokens?: number; streamMs?: number }) {
  if (attempt.credential.type !== 'system') return;
  deps.health.record({ provider: attempt.provider.slug, model: attempt.model.id, ...event });
}

function attemptTrace(attempt: Attempt, status: AttemptTrace['status'], startedAt: number, error?: string, failure?: UpstreamFailure): AttemptTrace {
  return {
    model: attempt.model.id,
    provider: attempt.provider.slug,
    upstreamModelId: attempt.upstreamModelId,
    credential: attempt.credential.type,
    status,
    startedAt,
    endedAt: Date.now(),
    httpStatus: failure?.status,
    errorCode: failure?.code,
    error,
  };
}

/** The usage row's shape for an attempt: the stored format stays as it was. */
function attemptRecord(trace: AttemptTrace): AttemptRecord {
  return {
    model: trace.model,
    provider: trace.provider,
    credential: trace.credential,
    status: trace.status,
    httpStatus: trace.httpStatus,
    errorCode: trace.errorCode,
    error: trace.error,
    durationMs: trace.endedAt - trace.startedAt,
  };
}

type RowOutcome = Pick<UsageRow, 'servedModel' | 'provider' | 'credentialType' | 'status' | 'httpStatus' | 'errorCode' | 'errorMessage' | 'finishReason' | 'ttftMs'> & {
  usage: Usage | undefined;
  costMicros: number;
  billedMicros: number;
};

/**
 * The generation's usage row as one object literal with every column in a fixed order.
 * Built by spreading a base row into the outcome's fields, it cost ~25 µs per request (V8's
 * slow path for a spread into a literal of this size, measured in `npm run bench:profile`).
 */
function usageRow(generation: Generation, outcome: RowOutcome): UsageRow {
  const request = generation.request;
  const usage = outcome.usage;
  const attribution = readAttribution(generation.headers);
  return {
    generationId: generation.id,
    teamId: generation.principal.teamId,
    apiKeyId: generation.principal.apiKeyId,
    subject: generation.principal.subject,
    endUser: request?.options.user ?? null,
    quotaEntityId: request?.options.quotaEntityId ?? null,
    appReferer: attribution.appReferer,
    appTitle: attribution.appTitle,
    o11y: attribution.o11y,
    reservedMicros: generation.reservedMicros,
    tags: request?.options.tags ?? [],
    requestedModel: generation.requestedModel,
    servedModel: outcome.servedModel,
    provider: outcome.provider,
    credentialType: outcome.credentialType,
    protocol: generation.protocol.id,
    streamed: request?.stream ?? false,
    status: outcome.status,
    httpStatus: outcome.httpStatus,
    errorCode: outcome.errorCode,
    errorMessage: outcome.errorMessage,
    finishReason: outcome.finishReason,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedInputTokens: usage?.cachedInputTokens ?? 0,
    cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    usageEstimated: usage?.estimated ?? false,
    unit: usage?.units?.unit ?? null,
    quantity: usage?.units === undefined ? null : Math.ceil(usage.units.quantity),
    costMicros: outcome.costMicros,
    billedMicros: outcome.billedMicros,
    ttftMs: outcome.ttftMs,
    latencyMs: Date.now() - generation.startedAt,
    attempts: generation.attempts.map(attemptRecord),
    createdAt: new Date(generation.startedAt),
  };
}

/** The generation's cost is known: its hold shrinks to it now; the batch that writes its usage row releases it. */
function settleHold(deps: GatewayDeps, generation: Generation, costMicros: number, billedMicros: number): Promise<void> | undefined {
  if (generation.held) return deps.holds.settle(generation.id, { creditMicros: generation.reservedMicros > 0 ? billedMicros : 0, spendMicros: costMicros });
}

/** The generation's final row: to the meter, and to metrics and traces from the same event. */
function finish(deps: GatewayDeps, generation: Generation, row: UsageRow) {
  deps.meter.record(row);
  deps.telemetry?.finished(row, generation.attempts, generation.headers);
}

/** Logs a failed generation; returns its hold's release, which the error reply waits for. */
function recordFailure(deps: GatewayDeps, generation: Generation, error: GatewayError): Promise<void> | undefined {
  generation.slot.release();
  const last = generation.attempts.at(-1);
  const settled = settleHold(deps, generation, 0, 0);
  finish(
    deps,
    generation,
    usageRow(generation, {
      servedModel: last?.model ?? null,
      provider: last?.provider ?? null,
      credentialType: last?.credential ?? null,
      status: 'error',
      httpStatus: error.status,
      errorCode: error.code,
      errorMessage: error.message,
      finishReason: null,
      ttftMs: null,
      usage: undefined,
      costMicros: 0,
      billedMicros: 0,
    }),
  );
  return settled;
}

/**
 * A hold lives in the database until the generation's row is written. Spool the row the
 * generation gets if this process dies before answering (nothing reached the client, nothing is
 * billed), so the start that replays the spool also releases the hold, instead of leaving it to
 * count against the team until it expires.
 */
function recordHeld(deps: GatewayDeps, generation: Generation) {
  deps.meter.started(
    usageRow(generation, {
      servedModel: null,
      provider: null,
      credentialType: null,
      status: 'error',
      httpStatus: 502,
      errorCode: 'gateway_crashed',
      errorMessage: 'Gatehouse stopped before answering; nothing was billed.',
      finishReason: null,
      ttftMs: null,
      usage: undefined,
      costMicros: 0,
      billedMicros: 0,
    }),
  );
}

/**
 * A stream sends its first byte long before its row is final: spool the row it would get if the
 * process died meanwhile (the input estimate billed, no output; what was streamed is unknown).
 */
function recordStreamStart(deps: GatewayDeps, generation: Generation, attempt: Attempt) {
  const usage: Usage = { inputTokens: generation.request?.estimatedInputTokens ?? 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: true };
  const cost = priceUsage(usage, attempt.offering);
  deps.meter.started(
    usageRow(generation, {
      servedModel: attempt.model.id,
      provider: attempt.provider.slug,
      credentialType: attempt.credential.type,
      status: 'error',
      httpStatus: 502,
      errorCode: 'gateway_crashed',
      errorMessage: 'Gatehouse stopped before the stream ended; billed for the estimated input only.',
      finishReason: null,
      ttftMs: null,
      usage,
      costMicros: cost,
      billedMicros: attempt.credential.type === 'system' ? cost : 0,
    }),
  );
}

function recordSuccess(
  deps: GatewayDeps,
  generation: Generation,
  attempt: Attempt,
  outcome: { usage: Usage | undefined; finishReason: string | undefined; status: StreamEnd['status']; error?: GatewayError; ttftMs: number | null; outputChars: number },
): Promise<void> | undefined {
  generation.slot.release();
  const usage: Usage = outcome.usage ?? {
    inputTokens: generation.request?.estimatedInputTokens ?? 0,
    outputTokens: estimateTokens(outcome.outputChars),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: true,
  };
  const cost = priceUsage(usage, attempt.offering);
  const billed = attempt.credential.type === 'system' ? cost : 0;
  const settled = settleHold(deps, generation, cost, billed);
  // Token limits were charged with an estimate; settle them with what was really used.
  const delta = usage.inputTokens + usage.outputTokens - generation.tokenEstimate;
  for (const bucket of generation.tokenBuckets) void deps.rateLimiter.adjust(bucket.key, delta, bucket.limit, 60_000);
  finish(
    deps,
    generation,
    usageRow(generation, {
      servedModel: attempt.model.id,
      provider: attempt.provider.slug,
      credentialType: attempt.credential.type,
      status: outcome.status,
      httpStatus: outcome.status === 'error' ? (outcome.error?.status ?? 502) : outcome.status === 'aborted' ? 499 : 200,
      errorCode: outcome.error?.code ?? (outcome.status === 'aborted' ? 'client_closed' : null),
      errorMessage: outcome.error?.message ?? null,
      finishReason: outcome.finishReason ?? null,
      ttftMs: outcome.ttftMs,
      usage,
      costMicros: cost,
      billedMicros: billed,
    }),
  );
  return settled;
}
