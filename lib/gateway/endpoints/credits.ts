import { getBalance } from '@/db/queries/credits';
import { withDeadline } from '@/db/unavailable';
import { authenticate } from '../../auth/authenticate';
import { microsToDollarString } from '../../billing/format';
import type { GatewayDeps } from '../deps';

// GET /v1/credits
export async function getCredits(deps: GatewayDeps, request: Request): Promise<Response> {
  const principal = await authenticate(deps, request.headers);
  const plan = await deps.plan(principal.plan);
  if (plan && plan.monthlyCreditsMicros > 0) await deps.grantMonthlyCredits(principal.teamId);
  // Fresher numbers if the database answers soon; the balance read below reports it if not.
  await withDeadline(deps.meter.flush(), deps.env.GATEHOUSE_DB_STATEMENT_TIMEOUT_MS).catch(() => {});
  const balance = await getBalance(deps.db, principal.teamId);
  return Response.json({
    balance: microsToDollarString(balance?.balanceMicros ?? 0),
    total_used: microsToDollarString(balance?.totalUsedMicros ?? 0),
  });
}
