import type { Attributes, Context, Tracer } from '@opentelemetry/api';
import type { UsageRow } from '@/db/queries/usage-logs';
import type { Env } from '../env';
import type { AttemptTrace, HeaderReader } from '../gateway/types';

/** Exports a span per model call, and a child span per upstream attempt. */
export type Tracing = {
  requestFinished(row: UsageRow, attempts: readonly AttemptTrace[], headers: HeaderReader): void;
  flush(): Promise<void>;
  close(): Promise<void>;
};

/** Where spans go, or undefined when traces are off (then the SDK is never loaded). */
export function tracesEndpoint(env: Env): string | undefined {
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none' || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
}

/** Attribute text a client chose (the requested model) is cut to this length. */
const MAX_TEXT = 256;

/**
 * The OpenTelemetry SDK, loaded with dynamic imports only when an endpoint is configured.
 * Spans are built when the call ends, from the usage row and the attempts' own start and end
 * times, so the hot path carries no span objects and an unconfigured instance pays nothing.
 * The standard OTEL_* variables (service name, resource attributes, headers, sampler, batch
 * sizes) are read by the SDK itself. No prompt or completion text is ever put in a span.
 */
export async function createTracing(env: Env): Promise<Tracing | undefined> {
  const url = tracesEndpoint(env);
  if (!url) return undefined;
  const [api, core, resources, sdk, exporter] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const resource = resources
    .resourceFromAttributes({ 'service.name': 'gatehouse' })
    .merge(resources.detectResources({ detectors: [resources.envDetector, resources.hostDetector] }));
  const provider = new sdk.BasicTracerProvider({
    resource,
    spanProcessors: [new sdk.BatchSpanProcessor(new exporter.OTLPTraceExporter({ url }))],
  });
  const tracer: Tracer = provider.getTracer('gatehouse');
  const propagator = new core.W3CTraceContextPropagator();
  const getter = {
    keys: () => ['traceparent', 'tracestate'],
    get: (carrier: HeaderReader, key: string) => carrier.get(key) ?? undefined,
  };

  return {
    requestFinished(row, attempts, headers) {
      const parent: Context = propagator.extract(api.ROOT_CONTEXT, headers, getter);
      const operation = row.protocol === 'embeddings' ? 'embeddings' : 'chat';
      const requested = row.requestedModel.slice(0, MAX_TEXT);
      const startTime = row.createdAt instanceof Date ? row.createdAt.getTime() : Date.now();
      const failed = row.status === 'error';
      const span = tracer.startSpan(`${operation} ${requested}`, { kind: api.SpanKind.SERVER, startTime, attributes: requestAttributes(row, operation, requested) }, parent);
      if (failed) span.setStatus({ code: api.SpanStatusCode.ERROR, message: row.errorCode ?? undefined });
      const inside = api.trace.setSpan(parent, span);
      const last = attempts.length - 1;
      attempts.forEach((attempt, index) => {
        const attributes: Attributes = {
          'gen_ai.operation.name': operation,
          'gen_ai.provider.name': attempt.provider,
          'gen_ai.request.model': attempt.upstreamModelId.slice(0, MAX_TEXT),
          'gatehouse.model': attempt.model,
          'gatehouse.credential_type': attempt.credential,
          'gatehouse.attempt.index': index,
          'gatehouse.attempt.outcome': attempt.status === 'error' ? (attempt.errorCode ?? 'rejected') : attempt.status,
        };
        if (attempt.httpStatus) attributes['http.response.status_code'] = attempt.httpStatus;
        if (attempt.status === 'error') attributes['error.type'] = attempt.errorCode ?? 'rejected';
        if (index === last && row.status !== 'error') Object.assign(attributes, usageAttributes(row));
        const child = tracer.startSpan(`${operation} ${attempt.model}`, { kind: api.SpanKind.CLIENT, startTime: attempt.startedAt, attributes }, inside);
        if (attempt.status === 'error') child.setStatus({ code: api.SpanStatusCode.ERROR, message: attempt.errorCode });
        child.end(attempt.endedAt);
      });
      span.end(startTime + (row.latencyMs ?? 0));
    },
    flush: () => provider.forceFlush(),
    close: () => provider.shutdown(),
  };
}

function usageAttributes(row: UsageRow): Attributes {
  const attributes: Attributes = {
    'gen_ai.usage.input_tokens': row.inputTokens ?? 0,
    'gen_ai.usage.output_tokens': row.outputTokens ?? 0,
  };
  if (row.servedModel) attributes['gen_ai.response.model'] = row.servedModel;
  if (row.finishReason) attributes['gen_ai.response.finish_reasons'] = [row.finishReason.slice(0, MAX_TEXT)];
  return attributes;
}

function requestAttributes(row: UsageRow, operation: string, requested: string): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.request.model': requested,
    'gatehouse.door': row.protocol,
    'gatehouse.team.id': row.teamId,
    'gatehouse.generation.id': row.generationId,
    'gatehouse.status': row.status,
    'gatehouse.cost_micros': row.costMicros ?? 0,
    'gatehouse.billed_micros': row.billedMicros ?? 0,
    'gatehouse.attempts': row.attempts?.length ?? 0,
    'http.response.status_code': row.httpStatus ?? 0,
    ...usageAttributes(row),
  };
  if (row.streamed !== undefined) attributes['gen_ai.request.stream'] = row.streamed;
  if (row.apiKeyId) attributes['gatehouse.api_key.id'] = row.apiKeyId;
  if (row.provider) attributes['gen_ai.provider.name'] = row.provider;
  if (row.credentialType) attributes['gatehouse.credential_type'] = row.credentialType;
  if (row.usageEstimated) attributes['gatehouse.usage.estimated'] = true;
  if (row.errorCode) attributes['error.type'] = row.errorCode;
  return attributes;
}
