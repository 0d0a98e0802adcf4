import { findRole, type TeamRole } from '@/db/queries/memberships';
import { GatewayError } from '../../gateway/errors';
import { isInstanceAdmin, roleAtLeast, type ServiceContext } from '../context';

/** The actor's standing in a team: its membership role, or 'instance-admin' (which outranks owner). */
export async function actorRole(ctx: ServiceContext, teamId: string): Promise<TeamRole | 'instance-admin' | undefined> {
  if (isInstanceAdmin(ctx.actor)) return 'instance-admin';
  return ctx.actor.kind === 'user' ? findRole(ctx.db, teamId, ctx.actor.userId) : undefined;
}

/** Nobody hands out a role above their own: only owners (and instance admins) make owners. */
export async function requireCanGrant(ctx: ServiceContext, teamId: string, role: TeamRole): Promise<void> {
  const own = await actorRole(ctx, teamId);
  if (!own || !roleAtLeast(own, role)) throw new GatewayError('forbidden', `Only an ${role === 'owner' ? 'owner' : role} or above can grant the ${role} role.`);
}

export const lastOwnerMessage = 'A team needs at least one owner. Make someone else an owner first.';
