import { exportOptionsSchema, exportResponse, exportUsage } from '@/lib/services/usage/export-usage';
import { usageRoute } from '../usage-route';

export const dynamic = 'force-dynamic';

// GET /api/console/teams/:team/usage/export?format=csv|jsonl&range=7d&model=…&limit=…
export const GET = usageRoute(async ({ ctx, team, search, query }) => {
  const options = exportOptionsSchema.parse({ format: query.get('format') ?? undefined, limit: query.get('limit') ?? undefined });
  return exportResponse(await exportUsage({ ctx, input: { team, search, ...options } }));
});
