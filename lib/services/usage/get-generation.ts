import { getGenerationDetail } from '@/db/queries/usage-console';
import { GatewayError } from '../../gateway/errors';
import { requireTeamRole, type ServiceContext } from '../context';

/** Everything stored about one of the team's generations; another team's id is simply not found. */
export async function getGeneration({ ctx, input }: { ctx: ServiceContext; input: { team: string; generationId: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const row = await getGenerationDetail(ctx.db, team.id, input.generationId);
  if (!row) throw new GatewayError('not_found', `Generation '${input.generationId}' not found.`);
  return { ...row, createdAt: row.createdAt.toISOString(), keyRevokedAt: row.keyRevokedAt?.toISOString() ?? null };
}

export type GenerationDetail = Awaited<ReturnType<typeof getGeneration>>;
