import type { Plan } from '@/db/queries/plans';
import type { HoldRequest } from '@/db/queries/credit-holds';
import type { Principal } from '../auth/api-key-auth';
import { worstCase } from '../billing/credit-holds';
import { periodStart } from './admit';
import type { GatewayDeps } from './deps';
import { GatewayError } from './errors';
import type { Attempt } from './plan';
import type { ParsedRequest } from './types';

export type Reservation = {
  /** The plan, less system attempts when the team's credit cannot pay for them. */
  attempts: Attempt[];
  /** Credit held against the team's balance (0 far from zero, or BYOK only). */
  creditMicros: number;
  /** Whether a hold was taken: it is settled when the generation ends. */
  held: boolean;
};

const isSystem = (attempt: Attempt) => attempt.credential.type === 'system';

function withoutCredit(attempts: Attempt[]): Attempt[] {
  const byok = attempts.filter((attempt) => !isSystem(attempt));
  if (byok.length === 0) throw new GatewayError('insufficient_credits', "The team's credit balance is exhausted. Add credits to continue (GET /v1/credits shows the balance).");
  return byok;
}

/**
 * Reserves the money a request may spend before any upstream is paid: the team's credit (only
 * near zero; far from it the cached balance decides), the key's spend limit and the quota
 * entity's quotas, all in one hold for the most expensive attempt the plan could make. Holds are
 * taken in the database under a lock per limit, so N instances cannot overshoot together: at
 * most one request's worst case passes a limit.
 */
export async function reserveSpend(deps: GatewayDeps, input: { principal: Principal; plan: Plan | undefined; request: ParsedRequest; attempts: Attempt[]; generationId: string }): Promise<Reservation> {
  const { principal, plan, request, generationId } = input;
  let attempts = input.attempts;
  let strict = false;
  if (attempts.some(isSystem)) {
    if (plan && plan.monthlyCreditsMicros > 0) await deps.grantMonthlyCredits(principal.teamId);
    const available = await deps.availableBalance(principal.teamId);
    if (available <= 0) attempts = withoutCredit(attempts);
    else strict = available < deps.env.GATEHOUSE_STRICT_CREDIT_BELOW_MICROS;
  }

  const key: HoldRequest['key'] =
    principal.apiKeyId && principal.spendLimitMicros !== null
      ? { id: principal.apiKeyId, limitMicros: principal.spendLimitMicros, since: principal.spendLimitPeriod === 'total' ? null : periodStart(principal.spendLimitPeriod) }
      : undefined;
  const entityId = request.options.quotaEntityId;
  const quota = entityId ? await deps.entityQuota(principal.teamId, entityId) : undefined;
  const entity: HoldRequest['entity'] =
    entityId && quota && (quota.spendLimitMicros !== null || quota.requestLimit !== null)
      ? { id: entityId, spendLimitMicros: quota.spendLimitMicros, requestLimit: quota.requestLimit, since: periodStart(quota.period) }
      : undefined;

  for (;;) {
    // Only the attempts the handler may make count (it stops after GATEHOUSE_MAX_ATTEMPTS).
    const tried = attempts.slice(0, deps.env.GATEHOUSE_MAX_ATTEMPTS);
    const system = tried.filter(isSystem);
    const creditMicros = strict && system.length > 0 ? worstCase(system, request) : 0;
    if (creditMicros === 0 && !key && !entity) return { attempts, creditMicros: 0, held: false };
    const result = await deps.holds.take({ generationId, teamId: principal.teamId, creditMicros, spendMicros: worstCase(tried, request), key, entity });
    if (result.ok) return { attempts, creditMicros, held: true };
    if (result.refused === 'credit') {
      attempts = withoutCredit(attempts);
      strict = false;
      continue;
    }
    const period = (name: string) => (name === 'total' ? '' : ` this ${name}`);
    if (result.refused === 'key_spend') {
      const forPeriod = principal.spendLimitPeriod === 'total' ? '' : ` for this ${principal.spendLimitPeriod}`;
      throw new GatewayError('spend_limit_exceeded', `This API key has reached its spend limit${forPeriod}. Raise the limit or use another key.`);
    }
    if (result.refused === 'entity_spend') {
      throw new GatewayError('spend_limit_exceeded', `Quota entity '${entityId}' has reached its spend quota${period(quota!.period)}.`, { param: 'providerOptions.gateway.quotaEntityId' });
    }
    throw new GatewayError('rate_limited', `Quota entity '${entityId}' has used its ${quota!.requestLimit} requests${period(quota!.period)}.`, { param: 'providerOptions.gateway.quotaEntityId' });
  }
}
