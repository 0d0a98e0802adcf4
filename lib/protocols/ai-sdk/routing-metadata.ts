import type { JSONObject } from '@ai-sdk/provider';
import type { AttemptTrace, RoutingTrace } from '../../gateway/types';

/** How the answering attempt ended, as far as the response can tell. */
export type AnswerOutcome = { success: true } | { success: false; error: string };

/**
 * `providerMetadata.gateway.routing` in the hosted AI Gateway's shape, from what Gatehouse
 * really knows. Fields the hosted gateway fills from its own internals (`internalModelId`,
 * `internalResolvedModelId`, `internalReasoning`, `planningReasoning`, `providerResponseId`,
 * `inferenceEndpoint`, the `sort` metrics) have no Gatehouse counterpart and are left out.
 */
export function routingMetadata(trace: RoutingTrace, outcome: AnswerOutcome): JSONObject {
  const answering: AttemptTrace = {
    ...trace.current,
    status: outcome.success ? 'success' : 'error',
    endedAt: Date.now(),
    // The upstream answered 200 before its output could be relayed; a failure after that is in-stream.
    httpStatus: 200,
    error: outcome.success ? undefined : outcome.error,
  };
  const attempts = [...trace.previous, answering];
  const resolved = trace.plan[0];
  const fallbacksAvailable = [...new Set(trace.plan.filter((entry) => entry.model === resolved.model && entry.provider !== resolved.provider).map((entry) => entry.provider))];
  const modelAttempts = groupByModel(attempts);
  return {
    originalModelId: trace.requestedModel,
    resolvedProvider: resolved.provider,
    resolvedProviderApiModelId: resolved.upstreamModelId,
    fallbacksAvailable,
    // The catalog id the request resolved to; absent when the requested model is unknown and only a fallback was planned.
    ...(resolved.model === trace.requestedModel ? { canonicalSlug: resolved.model } : {}),
    finalProvider: answering.provider,
    attempts: attempts.map(hostedAttempt),
    modelAttemptCount: modelAttempts.length,
    modelAttempts: modelAttempts.map((group) => ({
      canonicalSlug: group[0].model,
      success: group.some((attempt) => attempt.status === 'success'),
      providerAttemptCount: group.length,
      providerAttempts: group.map(hostedAttempt),
    })),
    totalProviderAttemptCount: attempts.length,
  };
}

/** One attempt as the hosted gateway lists it: times in epoch milliseconds, status only when an upstream answered. */
function hostedAttempt(attempt: AttemptTrace): JSONObject {
  return {
    provider: attempt.provider,
    providerApiModelId: attempt.upstreamModelId,
    credentialType: attempt.credential,
    success: attempt.status === 'success',
    startTime: attempt.startedAt,
    endTime: attempt.endedAt,
    ...(attempt.httpStatus !== undefined ? { statusCode: attempt.httpStatus } : {}),
    ...(attempt.error !== undefined ? { error: attempt.error } : {}),
  };
}

/** Consecutive attempts at the same model: the plan tries every provider of a model before the next model. */
function groupByModel(attempts: AttemptTrace[]): AttemptTrace[][] {
  const groups: AttemptTrace[][] = [];
  for (const attempt of attempts) {
    const last = groups.at(-1);
    if (last && last[0].model === attempt.model) last.push(attempt);
    else groups.push([attempt]);
  }
  return groups;
}
