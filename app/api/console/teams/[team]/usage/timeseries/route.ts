import { getUsageTimeseries } from '@/lib/services/usage/get-usage-timeseries';
import { timeseriesOptionsSchema } from '@/lib/services/usage/usage-params';
import { usageRoute } from '../usage-route';

export const dynamic = 'force-dynamic';

// GET /api/console/teams/:team/usage/timeseries?range=30d&groupBy=provider&timeZone=UTC[&period=previous]
export const GET = usageRoute(({ ctx, team, search, query }) => {
  const options = timeseriesOptionsSchema.parse({ groupBy: query.get('groupBy') ?? undefined, timeZone: query.get('timeZone') ?? undefined, period: query.get('period') ?? undefined });
  return getUsageTimeseries({ ctx, input: { team, search, ...options } });
});
