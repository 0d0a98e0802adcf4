import { getBalance } from '@/db/queries/credits';
import { authenticate } from '../../auth/authenticate';
import { microsToDollarString } from '../../billing/format';
import type { GatewayDeps } from '../deps';

// GET /v1/credits
export async function getCredits(deps: GatewayDeps, request: Request): Promise<Response> {
  const principal = await authenticate(deps, request.headers);
  const plan = await deps.plan(principal.plan);
  if (plan && plan.monthlyCreditsMicros > 0) await deps.grantMonthlyCredits(principal.teamId);
  await deps.meter.flush().catch(() => {});
  const balance = await getBalance(deps.db, principal.teamId);
  return Response.json({
    balance: microsToDollarString(balance?.balanceMicros ?? 0),
    total_used: microsToDollarString(balance?.totalUsedMicros ?? 0),
  });
}
