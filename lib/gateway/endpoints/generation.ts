import { findGeneration } from '@/db/queries/usage-logs';
import { authenticate } from '../../auth/authenticate';
import { microsToDollars } from '../../billing/pricing';
import { waitForRow } from '../../usage/pending-generation';
import type { GatewayDeps } from '../deps';
import { GatewayError } from '../errors';

/** Longest a request waits for the row of a generation this instance is still running or settling. */
const RECORDING_WAIT_MS = 5_000;

// GET /v1/generation?id=gen_...
export async function getGeneration(deps: GatewayDeps, request: Request): Promise<Response> {
  const principal = await authenticate(deps, request.headers);
  const id = new URL(request.url).searchParams.get('id');
  if (!id || !/^gen_[0-9A-Z]{26}$/.test(id)) throw new GatewayError('invalid_request', "Query parameter 'id' must be a generation id (gen_...).", { param: 'id' });
  let row: Awaited<ReturnType<typeof findGeneration>> | undefined = await findGeneration(deps.db, principal.teamId, id);
  if (!row) {
    // It may still be in this instance's write buffer.
    await deps.meter.flush().catch(() => {});
    row = await findGeneration(deps.db, principal.teamId, id);
  }
  if (!row && deps.meter.recording(id, principal.teamId)) {
    // The team's call is still running or settling here (a stream the client just stopped): its row comes in a moment.
    // Only the team's own generations wait, so the answer for another team's id stays an immediate 404.
    row = await waitForRow({ find: () => findGeneration(deps.db, principal.teamId, id), beforeLook: () => deps.meter.flush(), waitMs: RECORDING_WAIT_MS });
    if (!row) {
      throw new GatewayError('not_found', `Generation '${id}' is not recorded yet: calls are logged when they end. Try again in a moment.`, { retryAfterSeconds: 1 });
    }
  }
  if (!row) throw new GatewayError('not_found', `Generation '${id}' not found.`);
  const cost = microsToDollars(row.costMicros);
  return Response.json({
    data: {
      id: row.generationId,
      total_cost: cost,
      upstream_inference_cost: row.credentialType === 'byok' ? cost : 0,
      usage: microsToDollars(row.billedMicros),
      created_at: row.createdAt.toISOString(),
      model: row.servedModel ?? row.requestedModel,
      requested_model: row.requestedModel,
      is_byok: row.credentialType === 'byok',
      provider_name: row.provider ?? '',
      streamed: row.streamed,
      finish_reason: row.finishReason ?? (row.status === 'success' ? 'stop' : row.status),
      status: row.status,
      error: row.errorCode ? { code: row.errorCode, message: row.errorMessage } : null,
      latency: row.ttftMs ?? row.latencyMs,
      generation_time: row.latencyMs,
      native_tokens_prompt: row.inputTokens,
      native_tokens_completion: row.outputTokens,
      native_tokens_reasoning: row.reasoningTokens,
      native_tokens_cached: row.cachedInputTokens,
      native_tokens_cache_creation: row.cacheWriteTokens,
      usage_estimated: row.usageEstimated,
      // Non-token usage (images, characters of speech, seconds of audio), when the model is priced per unit.
      units: row.unit ? { unit: row.unit, quantity: row.quantity ?? 0 } : null,
      billable_web_search_calls: 0,
      user: row.endUser,
      tags: row.tags,
      attempts: row.attempts,
    },
  });
}
