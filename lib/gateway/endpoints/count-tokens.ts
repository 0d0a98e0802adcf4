import { request as undiciRequest } from 'undici';
import { authenticate } from '../../auth/authenticate';
import type { Principal } from '../../auth/api-key-auth';
import { anthropicMessages } from '../../protocols/anthropic-messages';
import { parseCountTokens, type CountTokensRequest } from '../../protocols/anthropic-messages/count-tokens';
import { authHeaders } from '../../providers/http';
import { acceptsNatively } from '../../providers/registry';
import type { GatewayDeps } from '../deps';
import { GatewayError, toGatewayError } from '../errors';
import { planAttempts, type Attempt } from '../plan';
import { errorReply, jsonReply, type Reply } from '../respond';
import type { GatewayInput } from '../types';
import { upstreamReach } from '../upstream-reach';

const MINUTE = 60_000;
/** Anthropic answers `{ "input_tokens": N }`; anything much larger is not that. */
const maxUpstreamBytes = 16 * 1024;

async function readBody(input: GatewayInput): Promise<unknown> {
  let text: string;
  try {
    text = await input.text();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError('invalid_json', 'The request body could not be read.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError('invalid_json', 'The request body is not valid JSON.');
  }
}

/** Counted against the request-per-minute limits of the team's plan and the key, like a model call; tokens are not spent, so no token bucket. */
async function takeRequest(deps: GatewayDeps, principal: Principal): Promise<void> {
  const plan = await deps.plan(principal.plan);
  const buckets = [
    { key: `team:${principal.teamId}:rpm`, limit: plan?.requestsPerMinute ?? null },
    { key: `key:${principal.apiKeyId}:rpm`, limit: principal.apiKeyId ? principal.requestsPerMinute : null },
  ].filter((bucket): bucket is { key: string; limit: number } => bucket.limit !== null && bucket.limit > 0);
  for (const bucket of buckets) {
    const decision = await deps.rateLimiter.consume(bucket.key, 1, bucket.limit, MINUTE);
    if (!decision.allowed) {
      throw new GatewayError('rate_limited', `Rate limit reached: ${bucket.limit} requests per minute. Retry after the time in retry-after.`, {
        retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
      });
    }
  }
}

/** Anthropic's own count for this attempt, or undefined when it could not be had (the caller then estimates). */
async function countUpstream(deps: GatewayDeps, attempt: Attempt, request: CountTokensRequest, input: GatewayInput): Promise<number | undefined> {
  const { dispatcher } = upstreamReach(attempt.credential, deps.teamNetwork);
  const beta = input.headers.get('anthropic-beta');
  const response = await undiciRequest(`${attempt.credential.baseURL}/messages/count_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(beta ? { 'anthropic-beta': beta } : {}), ...authHeaders(attempt.provider, attempt.credential.apiKey) },
    body: JSON.stringify({ model: attempt.upstreamModelId, ...request.upstreamBody }),
    dispatcher,
    headersTimeout: deps.env.GATEHOUSE_FIRST_BYTE_TIMEOUT_MS,
    bodyTimeout: deps.env.GATEHOUSE_FIRST_BYTE_TIMEOUT_MS,
  });
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxUpstreamBytes) {
      response.body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  if (response.statusCode !== 200) {
    deps.logger.warn('count_tokens upstream failed', { provider: attempt.provider.slug, status: response.statusCode });
    return undefined;
  }
  const count = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input_tokens?: unknown }).input_tokens;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/**
 * POST /v1/messages/count_tokens — Anthropic's token counting, for any model the caller may
 * use. Authenticated, routed by the same plan as a model call (team policy, `providerOptions.gateway`),
 * and counted against request rate limits. Anthropic attempts forward the request as it is
 * (`x-gatehouse-token-count: exact`); for other models, or when no Anthropic attempt answers,
 * Gatehouse estimates (`x-gatehouse-token-count: estimate`), keeping Anthropic's body shape.
 * Not billed and no usage row: it spends no model tokens (Anthropic does not charge for it).
 */
export async function countTokens(deps: GatewayDeps, input: GatewayInput): Promise<Reply> {
  try {
    const principal = await authenticate(deps, input.headers);
    const request = parseCountTokens(await readBody(input));
    await takeRequest(deps, principal);
    const ids = [request.model, ...(request.options.models ?? [])];
    const models = new Map(await Promise.all(ids.map(async (id) => [id, await deps.catalog.lookup(id)] as const)));
    const attempts = planAttempts({
      requestedModel: request.model,
      options: request.options,
      principal,
      lookupModel: (id) => (models.get(id)?.kind === 'language' ? models.get(id) : undefined),
      byok: await deps.byokCredentials(principal.teamId),
      system: deps.systemConnection,
      facts: deps.providerFacts,
      health: deps.health,
    });
    for (const attempt of attempts.slice(0, deps.env.GATEHOUSE_MAX_ATTEMPTS)) {
      if (!acceptsNatively(attempt.provider, 'anthropic-messages', attempt.upstreamModelId)) break;
      const count = await countUpstream(deps, attempt, request, input).catch((error: unknown) => {
        if (error instanceof GatewayError) throw error;
        deps.logger.warn('count_tokens upstream unreachable', { provider: attempt.provider.slug, error: String((error as Error)?.message ?? error).slice(0, 200) });
        return undefined;
      });
      if (count !== undefined) return jsonReply({ input_tokens: count }, { 'x-gatehouse-token-count': 'exact', 'x-gatehouse-provider': attempt.provider.slug });
    }
    return jsonReply({ input_tokens: request.estimate }, { 'x-gatehouse-token-count': 'estimate' });
  } catch (error) {
    const gatewayError = toGatewayError(error);
    if (gatewayError.code === 'internal') deps.logger.error('count_tokens failed', { error: (error as Error)?.stack ?? String(error) });
    return errorReply(anthropicMessages, gatewayError);
  }
}
