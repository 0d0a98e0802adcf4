import { listUsage } from '@/lib/services/usage/list-usage';
import { listOptionsSchema } from '@/lib/services/usage/usage-params';
import { usageRoute } from './usage-route';

export const dynamic = 'force-dynamic';

// GET /api/console/teams/:team/usage?range=7d&model=…&cursor=…&limit=50
export const GET = usageRoute(({ ctx, team, search, query }) => {
  const options = listOptionsSchema.parse({ cursor: query.get('cursor') ?? undefined, limit: query.get('limit') ?? undefined });
  return listUsage({ ctx, input: { team, search, ...options } });
});
