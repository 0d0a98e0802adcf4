import type { Plan } from '@/db/queries/plans';
import type { HoldRequest } from '@/db/queries/credit-holds';
import type { Principal } from '../auth/api-key-auth';
import { applicableBudgets, budgetExceededMessage, budgetPeriodStart } from '../billing/budgets';
import { worstCase } from '../billing/credit-holds';
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

/** Start of the current day or month (UTC) for period limits. */
export function periodStart(period: string, now = new Date()): Date {
  if (period === 'day') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return new Date(0);
}

const isSystem = (attempt: Attempt) => attempt.credential.type === 'system';

function withoutCredit(attempts: Attempt[]): Attempt[] {
  const byok = attempts.filter((attempt) => !isSystem(attempt));
  if (byok.length === 0) throw new GatewayError('insufficient_credits', "The team's credit balance is exhausted. Add credits to continue (GET /v1/credits shows the balance).");
  return byok;
}

/**
 * Far from a spend limit, as far from zero credit, the cached figures (this instance's spend not
 * yet written included) decide and no hold is taken: instances could only overshoot together by
 * spending more than GATEHOUSE_STRICT_CREDIT_BELOW_MICROS within one cache TTL. Near it, the
 * database does.
 */
const nearLimit = (deps: GatewayDeps, limit: number, spent: number) => limit - spent < deps.env.GATEHOUSE_STRICT_CREDIT_BELOW_MICROS;

async function keyLimit(deps: GatewayDeps, principal: Principal): Promise<HoldRequest['key']> {
  if (!principal.apiKeyId || principal.spendLimitMicros === null) return undefined;
  const since = principal.spendLimitPeriod === 'total' ? null : periodStart(principal.spendLimitPeriod);
  const written = since === null ? principal.spentMicros : (await deps.usageSince({ teamId: principal.teamId, apiKeyId: principal.apiKeyId, since })).costMicros;
  if (!nearLimit(deps, principal.spendLimitMicros, written + deps.meter.pendingKeySpend(principal.apiKeyId))) return undefined;
  return { id: principal.apiKeyId, limitMicros: principal.spendLimitMicros, since };
}

/** Request quotas are always held: they are small numbers, and a cached count has no margin to spare. */
async function entityLimit(deps: GatewayDeps, teamId: string, entityId: string): Promise<HoldRequest['entity']> {
  const quota = await deps.entityQuota(teamId, entityId);
  if (!quota || (quota.spendLimitMicros === null && quota.requestLimit === null)) return undefined;
  const since = periodStart(quota.period);
  if (quota.requestLimit === null) {
    const written = (await deps.usageSince({ teamId, quotaEntityId: entityId, since })).costMicros;
    if (!nearLimit(deps, quota.spendLimitMicros!, written + deps.meter.pendingEntityUsage(teamId, entityId).micros)) return undefined;
  }
  return { id: entityId, spendLimitMicros: quota.spendLimitMicros, requestLimit: quota.requestLimit, since };
}

/**
 * The budgets this request counts against that are near their limit (to be held), after
 * refusing it outright if one is already spent by the cached figures. Far from every limit this
 * costs no query: the team's budgets and each one's spend are cached per instance.
 */
async function budgetLimits(deps: GatewayDeps, principal: Principal, request: ParsedRequest): Promise<HoldRequest['budgets']> {
  const applicable = applicableBudgets(await deps.budgets(principal.teamId), principal, request.options);
  if (applicable.length === 0) return undefined;
  const near: NonNullable<HoldRequest['budgets']> = [];
  for (const budget of applicable) {
    const since = budgetPeriodStart(budget.period);
    const spent = await deps.budgetSpent(budget, since);
    if (spent >= budget.limitMicros) throw new GatewayError('budget_exceeded', budgetExceededMessage(budget, spent));
    if (nearLimit(deps, budget.limitMicros, spent)) near.push({ budget, since });
  }
  return near.length > 0 ? near : undefined;
}

/**
 * Reserves the money a request may spend before any upstream is paid: the team's credit, the
 * key's spend limit and the quota entity's quotas (each only near its limit), all in one hold for the most expensive attempt the plan could make. Holds are
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

  const key = await keyLimit(deps, principal);
  const entityId = request.options.quotaEntityId;
  const entity = entityId ? await entityLimit(deps, principal.teamId, entityId) : undefined;
  const budgets = await budgetLimits(deps, principal, request);

  for (;;) {
    // Only the attempts the handler may make count (it stops after GATEHOUSE_MAX_ATTEMPTS).
    const tried = attempts.slice(0, deps.env.GATEHOUSE_MAX_ATTEMPTS);
    const system = tried.filter(isSystem);
    const creditMicros = strict && system.length > 0 ? worstCase(system, request) : 0;
    if (creditMicros === 0 && !key && !entity && !budgets) return { attempts, creditMicros: 0, held: false };
    const result = await deps.holds.take({ generationId, teamId: principal.teamId, creditMicros, spendMicros: worstCase(tried, request), key, entity, budgets });
    if (result.ok) return { attempts, creditMicros, held: true };
    if (result.refused === 'credit') {
      attempts = withoutCredit(attempts);
      strict = false;
      continue;
    }
    if (result.refused === 'budget' && result.budget) {
      const { budget, spentMicros, heldMicros } = result.budget;
      throw new GatewayError('budget_exceeded', budgetExceededMessage(budget, spentMicros, heldMicros));
    }
    const quota = entityId ? await deps.entityQuota(principal.teamId, entityId) : undefined;
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
