import { getGenerationDetail } from '@/db/queries/usage-console';
import { findUserById } from '@/db/queries/users';
import { GatewayError } from '../../gateway/errors';
import { requireTeamRole, type ServiceContext } from '../context';

/** Everything stored about one of the team's generations; another team's id is simply not found. */
export async function getGeneration({ ctx, input }: { ctx: ServiceContext; input: { team: string; generationId: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const row = await getGenerationDetail(ctx.db, team.id, input.generationId);
  if (!row) throw new GatewayError('not_found', `Generation '${input.generationId}' not found.`);
  return { ...row, createdAt: row.createdAt.toISOString(), keyRevokedAt: row.keyRevokedAt?.toISOString() ?? null, playgroundUser: await playgroundUser(ctx, row) };
}

/** The person whose console playground made a keyless call (subject `user:<id>`), by name and email. */
async function playgroundUser(ctx: ServiceContext, row: { apiKeyId: string | null; subject: string | null }) {
  if (row.apiKeyId || !row.subject?.startsWith('user:')) return null;
  const id = row.subject.slice('user:'.length);
  const user = await findUserById(ctx.db, id);
  return { id, name: user?.name ?? null, email: user?.email ?? null };
}

export type GenerationDetail = Awaited<ReturnType<typeof getGeneration>>;
