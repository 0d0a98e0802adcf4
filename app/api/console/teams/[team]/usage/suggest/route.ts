import { suggestUsageValues } from '@/lib/services/usage/suggest-usage-values';
import { suggestOptionsSchema } from '@/lib/services/usage/usage-params';
import { usageRoute } from '../usage-route';

export const dynamic = 'force-dynamic';

// GET /api/console/teams/:team/usage/suggest?field=model&q=claude&range=7d&limit=20
export const GET = usageRoute(({ ctx, team, search, query }) => {
  const options = suggestOptionsSchema.parse({ field: query.get('field') ?? undefined, q: query.get('q') ?? undefined, limit: query.get('limit') ?? undefined });
  return suggestUsageValues({ ctx, input: { team, search, field: options.field, query: options.q, limit: options.limit } });
});
