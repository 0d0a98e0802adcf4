import { getBalance } from '@/db/queries/credits';
import { authenticateApiKey } from '../../auth/api-key-auth';
import { microsToDollarString } from '../../billing/format';
import type { GatewayDeps } from '../deps';

// GET /v1/credits
export async function getCredits(deps: GatewayDeps, request: Request): Promise<Response> {
  const principal = await authenticateApiKey(deps.db, deps.keyCache, request.headers, (keyId) => deps.meter.keySpendWritten(keyId));
  await deps.meter.flush().catch(() => {});
  const balance = await getBalance(deps.db, principal.teamId);
  return Response.json({
    balance: microsToDollarString(balance?.balanceMicros ?? 0),
    total_used: microsToDollarString(balance?.totalUsedMicros ?? 0),
  });
}
