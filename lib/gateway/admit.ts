import type { Principal } from '../auth/api-key-auth';
import type { LimitDecision } from '../limits/rate-limiter';
import type { GatewayDeps } from './deps';
import { GatewayError } from './errors';
import type { Attempt } from './plan';
import { reserveSpend } from './reserve-spend';
import type { ParsedRequest } from './types';

const MINUTE = 60_000;
/** Output tokens counted against TPM when the client sets no cap (holds use the catalog's cap). */
const DEFAULT_OUTPUT_ESTIMATE = 1_024;

export type Admission = {
  attempts: Attempt[];
  /** Credit held in the database for this request (low balances only). */
  reservedMicros: number;
  /** Whether a hold (credit, key spend, quota) was taken; the handler settles it when the generation ends. */
  held: boolean;
  /** Token-per-minute buckets charged with the estimate, to reconcile with actual usage. */
  tokenBuckets: Array<{ key: string; limit: number }>;
  tokenEstimate: number;
  /** `x-ratelimit-*` headers, sent on every response. */
  headers: Record<string, string>;
};

/** OpenAI's duration format for `x-ratelimit-reset-*`: 20ms, 1.5s, 6m0s. */
export function formatReset(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.ceil(ms))}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1_000)}s`;
}

type Bucket = { kind: 'requests' | 'tokens'; key: string; limit: number; cost: number };

function tightest(decisions: LimitDecision[]): LimitDecision | undefined {
  return decisions.reduce<LimitDecision | undefined>((worst, decision) => (!worst || decision.remaining < worst.remaining ? decision : worst), undefined);
}

/**
 * Everything that can refuse a request before any upstream is paid: plan features, rate
 * limits (team and key, requests and tokens), then money (credit, key and quota-entity limits).
 */
export async function admit(
  deps: GatewayDeps,
  principal: Principal,
  request: ParsedRequest,
  planned: Attempt[],
  /** Receives the rate-limit headers as soon as they are known, so refusals carry them too. */
  headers: Record<string, string>,
  /** Keys the hold, so the usage row that settles it can release it exactly once. */
  generationId: string,
): Promise<Admission> {
  let attempts = planned;
  const plan = await deps.plan(principal.plan);

  if (plan && !plan.byokAllowed) {
    if (request.options.byok) throw new GatewayError('forbidden', `Bring-your-own-key is not included in the '${plan.id}' plan.`, { param: 'providerOptions.gateway.byok' });
    attempts = attempts.filter((attempt) => attempt.credential.type === 'system');
    if (attempts.length === 0) throw new GatewayError('forbidden', `Bring-your-own-key is not included in the '${plan.id}' plan, and no system credential can serve this model.`);
  }
  if (plan && !plan.requestZeroDataRetentionAllowed && request.options.zeroDataRetention) {
    throw new GatewayError('forbidden', `Per-request zero data retention is not included in the '${plan.id}' plan.`, { param: 'providerOptions.gateway.zeroDataRetention' });
  }

  // Rate limits: requests and estimated tokens per minute, for the team (plan) and the key.
  const tokenEstimate = request.estimatedInputTokens + (request.maxOutputTokens ?? DEFAULT_OUTPUT_ESTIMATE);
  // Only the limits that are set: most teams and keys have none, and then nothing is built or awaited.
  const buckets: Bucket[] = [];
  const teamRpm = plan?.requestsPerMinute ?? 0;
  const teamTpm = plan?.tokensPerMinute ?? 0;
  const keyRpm = (principal.apiKeyId && principal.requestsPerMinute) || 0;
  const keyTpm = (principal.apiKeyId && principal.tokensPerMinute) || 0;
  if (teamRpm > 0) buckets.push({ kind: 'requests', key: `team:${principal.teamId}:rpm`, limit: teamRpm, cost: 1 });
  if (teamTpm > 0) buckets.push({ kind: 'tokens', key: `team:${principal.teamId}:tpm`, limit: teamTpm, cost: tokenEstimate });
  if (keyRpm > 0) buckets.push({ kind: 'requests', key: `key:${principal.apiKeyId}:rpm`, limit: keyRpm, cost: 1 });
  if (keyTpm > 0) buckets.push({ kind: 'tokens', key: `key:${principal.apiKeyId}:tpm`, limit: keyTpm, cost: tokenEstimate });
  let tokenBuckets: Admission['tokenBuckets'] = [];
  if (buckets.length > 0) {
    const decisions = await Promise.all(buckets.map((bucket) => deps.rateLimiter.consume(bucket.key, Math.min(bucket.cost, bucket.limit), bucket.limit, MINUTE)));
    for (const kind of ['requests', 'tokens'] as const) {
      const decision = tightest(decisions.filter((_, index) => buckets[index].kind === kind));
      if (!decision) continue;
      headers[`x-ratelimit-limit-${kind}`] = String(decision.limit);
      headers[`x-ratelimit-remaining-${kind}`] = String(decision.remaining);
      headers[`x-ratelimit-reset-${kind}`] = formatReset(decision.resetMs);
    }
    const refused = decisions.findIndex((decision) => !decision.allowed);
    tokenBuckets = buckets.filter((bucket, index) => bucket.kind === 'tokens' && decisions[index].allowed).map(({ key, limit }) => ({ key, limit }));
    if (refused !== -1) {
      const bucket = buckets[refused];
      const who = bucket.key.startsWith('team:') ? `the team's '${plan?.id}' plan` : 'this API key';
      throw new GatewayError('rate_limited', `Rate limit reached: ${bucket.limit} ${bucket.kind} per minute for ${who}. Retry after the time in retry-after.`, {
        retryAfterSeconds: Math.max(1, Math.ceil(decisions[refused].retryAfterMs / 1000)),
      });
    }
  }

  // Money: credit, the key's spend limit and the quota entity's quotas, held for the worst case.
  const reservation = await reserveSpend(deps, { principal, plan, request, attempts, generationId });
  return { attempts: reservation.attempts, reservedMicros: reservation.creditMicros, held: reservation.held, tokenBuckets, tokenEstimate, headers };
}
