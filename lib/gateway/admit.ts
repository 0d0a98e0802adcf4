import type { Principal } from '../auth/api-key-auth';
import type { LimitDecision } from '../limits/rate-limiter';
import type { GatewayDeps } from './deps';
import { GatewayError } from './errors';
import type { Attempt } from './plan';
import type { ParsedRequest } from './types';

const MINUTE = 60_000;
/** Output tokens counted against TPM and credit holds when the client sets no cap. */
const DEFAULT_OUTPUT_ESTIMATE = 1_024;

export type Admission = {
  attempts: Attempt[];
  /** Credit held in the database for this request (low balances only). */
  reservedMicros: number;
  /** Token-per-minute buckets charged with the estimate, to reconcile with actual usage. */
  tokenBuckets: Array<{ key: string; limit: number }>;
  tokenEstimate: number;
  /** `x-ratelimit-*` headers, sent on every response. */
  headers: Record<string, string>;
};

/** Start of the current day or month (UTC) for period limits. */
export function periodStart(period: string, now = new Date()): Date {
  if (period === 'day') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return new Date(0);
}

/** OpenAI's duration format for `x-ratelimit-reset-*`: 20ms, 1.5s, 6m0s. */
export function formatReset(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.ceil(ms))}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1_000)}s`;
}

function tightest(decisions: LimitDecision[]): LimitDecision | undefined {
  return decisions.reduce<LimitDecision | undefined>((worst, decision) => (!worst || decision.remaining < worst.remaining ? decision : worst), undefined);
}

/**
 * Everything that can refuse a request before any upstream is paid: plan features, rate
 * limits (team and key, requests and tokens), key and quota-entity spend limits, and credit.
 */
export async function admit(
  deps: GatewayDeps,
  principal: Principal,
  request: ParsedRequest,
  planned: Attempt[],
  /** Receives the rate-limit headers as soon as they are known, so refusals carry them too. */
  headers: Record<string, string>,
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
  const buckets = [
    { kind: 'requests', key: `team:${principal.teamId}:rpm`, limit: plan?.requestsPerMinute ?? null, cost: 1 },
    { kind: 'tokens', key: `team:${principal.teamId}:tpm`, limit: plan?.tokensPerMinute ?? null, cost: tokenEstimate },
    { kind: 'requests', key: `key:${principal.apiKeyId}:rpm`, limit: principal.apiKeyId ? principal.requestsPerMinute : null, cost: 1 },
    { kind: 'tokens', key: `key:${principal.apiKeyId}:tpm`, limit: principal.apiKeyId ? principal.tokensPerMinute : null, cost: tokenEstimate },
  ].filter((bucket): bucket is typeof bucket & { limit: number } => bucket.limit !== null && bucket.limit > 0);
  const decisions = await Promise.all(buckets.map((bucket) => deps.rateLimiter.consume(bucket.key, Math.min(bucket.cost, bucket.limit), bucket.limit, MINUTE)));
  for (const kind of ['requests', 'tokens'] as const) {
    const decision = tightest(decisions.filter((_, index) => buckets[index].kind === kind));
    if (!decision) continue;
    headers[`x-ratelimit-limit-${kind}`] = String(decision.limit);
    headers[`x-ratelimit-remaining-${kind}`] = String(decision.remaining);
    headers[`x-ratelimit-reset-${kind}`] = formatReset(decision.resetMs);
  }
  const refused = decisions.findIndex((decision) => !decision.allowed);
  const tokenBuckets = buckets.filter((bucket, index) => bucket.kind === 'tokens' && decisions[index].allowed).map(({ key, limit }) => ({ key, limit }));
  if (refused !== -1) {
    const bucket = buckets[refused];
    const who = bucket.key.startsWith('team:') ? `the team's '${plan?.id}' plan` : 'this API key';
    throw new GatewayError('rate_limited', `Rate limit reached: ${bucket.limit} ${bucket.kind} per minute for ${who}. Retry after the time in retry-after.`, {
        retryAfterSeconds: Math.max(1, Math.ceil(decisions[refused].retryAfterMs / 1000)),
      });
  }

  // Spend limits: the key's, and the quota entity's.
  if (principal.apiKeyId && principal.spendLimitMicros !== null) {
    const pending = deps.meter.pendingKeySpend(principal.apiKeyId);
    const spent =
      principal.spendLimitPeriod === 'total'
        ? principal.spentMicros + pending
        : (await deps.usageSince({ teamId: principal.teamId, apiKeyId: principal.apiKeyId, since: periodStart(principal.spendLimitPeriod) })).costMicros + pending;
    if (spent >= principal.spendLimitMicros) {
      const period = principal.spendLimitPeriod === 'total' ? '' : ` for this ${principal.spendLimitPeriod}`;
      throw new GatewayError('spend_limit_exceeded', `This API key has reached its spend limit${period}. Raise the limit or use another key.`);
    }
  }
  const entity = request.options.quotaEntityId;
  if (entity) {
    const quota = await deps.entityQuota(principal.teamId, entity);
    if (quota) {
      const used = await deps.usageSince({ teamId: principal.teamId, quotaEntityId: entity, since: periodStart(quota.period) });
      const pending = deps.meter.pendingEntityUsage(principal.teamId, entity);
      const period = quota.period === 'total' ? '' : ` this ${quota.period}`;
      if (quota.spendLimitMicros !== null && used.costMicros + pending.micros >= quota.spendLimitMicros) {
        throw new GatewayError('spend_limit_exceeded', `Quota entity '${entity}' has reached its spend quota${period}.`, { param: 'providerOptions.gateway.quotaEntityId' });
      }
      if (quota.requestLimit !== null && used.requests + pending.requests >= quota.requestLimit) {
        throw new GatewayError('rate_limited', `Quota entity '${entity}' has used its ${quota.requestLimit} requests${period}.`, { param: 'providerOptions.gateway.quotaEntityId' });
      }
    }
  }

  // Credit: BYOK needs none. Far from zero the cached balance decides; near zero every
  // request holds its estimated cost in the database, so instances cannot overspend together.
  let reservedMicros = 0;
  const system = attempts.filter((attempt) => attempt.credential.type === 'system');
  if (system.length > 0) {
    if (plan && plan.monthlyCreditsMicros > 0) await deps.grantMonthlyCredits(principal.teamId);
    const available = await deps.availableBalance(principal.teamId);
    let creditOk = available > 0;
    if (creditOk && available < deps.env.GATEHOUSE_STRICT_CREDIT_BELOW_MICROS) {
      const offering = system[0].offering;
      const estimate = Math.max(1, Math.ceil((request.estimatedInputTokens * offering.inputPrice + (request.maxOutputTokens ?? DEFAULT_OUTPUT_ESTIMATE) * offering.outputPrice) / 1_000_000));
      creditOk = await deps.reserveCredit(principal.teamId, estimate);
      if (creditOk) reservedMicros = estimate;
    }
    if (!creditOk) {
      attempts = attempts.filter((attempt) => attempt.credential.type === 'byok');
      if (attempts.length === 0) {
        throw new GatewayError('insufficient_credits', "The team's credit balance is exhausted. Add credits to continue (GET /v1/credits shows the balance).");
      }
    }
  }
  return { attempts, reservedMicros, tokenBuckets, tokenEstimate, headers };
}
