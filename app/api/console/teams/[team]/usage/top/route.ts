import { getTopUsage } from '@/lib/services/usage/get-top-usage';
import { topOptionsSchema } from '@/lib/services/usage/usage-params';
import { usageRoute } from '../usage-route';

export const dynamic = 'force-dynamic';

// GET /api/console/teams/:team/usage/top?range=7d&by=model&by=key&limit=10
export const GET = usageRoute(({ ctx, team, search, query }) => {
  const options = topOptionsSchema.parse({ by: query.getAll('by'), limit: query.get('limit') ?? undefined });
  return getTopUsage({ ctx, input: { team, search, ...options } });
});
