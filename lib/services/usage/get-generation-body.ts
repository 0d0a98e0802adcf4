import { findApiKeyOwner } from '@/db/queries/api-keys';
import { findGenerationBody } from '@/db/queries/generation-bodies';
import { findRole } from '@/db/queries/memberships';
import { getGenerationDetail } from '@/db/queries/usage-console';
import { GatewayError } from '../../gateway/errors';
import { toBodyView } from '../../privacy/body-view';
import { isInstanceAdmin, requireTeamRole, roleAtLeast, type ServiceContext } from '../context';

/**
 * A generation's stored request and response, for those allowed to read prompts: team admins
 * and owners (and instance admins) for every generation; a member only for calls made with a
 * key they created or from their own playground; viewers never (they see usage, not content).
 * `body` is null when nothing was stored (the team does not store bodies, ZDR, or retention).
 */
export async function getGenerationBody({ ctx, input }: { ctx: ServiceContext; input: { team: string; generationId: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'member');
  const generation = await getGenerationDetail(ctx.db, team.id, input.generationId);
  if (!generation) throw new GatewayError('not_found', `Generation '${input.generationId}' not found.`);
  if (!isInstanceAdmin(ctx.actor) && ctx.actor.kind === 'user') {
    const role = await findRole(ctx.db, team.id, ctx.actor.userId);
    if (!role || !roleAtLeast(role, 'admin')) {
      const creator = generation.apiKeyId ? (await findApiKeyOwner(ctx.db, generation.apiKeyId))?.createdBy : generation.subject?.startsWith('user:') ? generation.subject.slice('user:'.length) : null;
      if (creator !== ctx.actor.userId) throw new GatewayError('forbidden', 'Only team admins and the person whose key made this call can read its content.');
    }
  }
  const row = await findGenerationBody(ctx.db, team.id, generation.generationId);
  if (!row) return { generationId: generation.generationId, body: null };
  return {
    generationId: generation.generationId,
    body: { ...toBodyView(row.request, row.response), truncated: row.truncated, redactions: row.redactions, createdAt: row.createdAt.toISOString(), request: row.request, response: row.response },
  };
}

export type GenerationBody = Awaited<ReturnType<typeof getGenerationBody>>;
