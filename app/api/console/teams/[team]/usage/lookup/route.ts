import { getGeneration } from '@/lib/services/usage/get-generation';
import { generationIdSchema } from '@/lib/services/usage/usage-params';
import { usageRoute } from '../usage-route';

export const dynamic = 'force-dynamic';

// GET /api/console/teams/:team/usage/lookup?id=gen_… → { generationId } or 404 when the team has no such generation
export const GET = usageRoute(async ({ ctx, team, query }) => {
  const generationId = generationIdSchema.parse(query.get('id') ?? '');
  const row = await getGeneration({ ctx, input: { team, generationId } });
  return { generationId: row.generationId };
});
