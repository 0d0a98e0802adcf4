import type { Principal } from '../auth/api-key-auth';
import type { ConcurrencyCap, Slot } from '../limits/concurrency';
import type { GatewayDeps } from './deps';
import { GatewayError } from './errors';

/**
 * A place for one model call under its team's cap (the plan's, else GATEHOUSE_TEAM_MAX_CONCURRENCY;
 * 0 means none) and its key's, taken before any upstream is called, so one tenant's slow
 * streams cannot take every connection this instance has. Refused with 429: a call in flight
 * ends in seconds, so the client is told to retry after one.
 */
export async function takeConcurrencySlot(deps: GatewayDeps, principal: Principal): Promise<Slot> {
  const plan = await deps.plan(principal.plan);
  const teamLimit = plan?.maxConcurrentRequests ?? deps.env.GATEHOUSE_TEAM_MAX_CONCURRENCY;
  const caps: ConcurrencyCap[] = [];
  if (teamLimit > 0) caps.push({ key: `team:${principal.teamId}`, limit: teamLimit });
  const keyLimit = principal.apiKeyId ? principal.maxConcurrentRequests : null;
  if (keyLimit) caps.push({ key: `key:${principal.apiKeyId}`, limit: keyLimit });
  const taken = deps.concurrency.acquire(caps);
  if ('slot' in taken) return taken.slot;
  const who = taken.refused.key.startsWith('team:') ? (plan ? `the team's '${plan.id}' plan` : 'this team') : 'this API key';
  throw new GatewayError('rate_limited', `Too many requests in flight: ${who} allows ${taken.refused.limit} at once. Retry after the time in retry-after.`, { retryAfterSeconds: 1 });
}
