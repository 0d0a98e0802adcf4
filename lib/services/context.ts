import type { Db } from '@/db/client';
import { findRole, type TeamRole } from '@/db/queries/memberships';
import { findTeam } from '@/db/queries/teams';
import type { SecretBox } from '../crypto/secrets';
import { GatewayError } from '../gateway/errors';
import type { TeamNetwork } from '../net/team-network';

/** Who is acting. The admin token and the CLI act as instance admins. */
export type Actor = { kind: 'admin-token' } | { kind: 'cli' } | { kind: 'user'; userId: string; isInstanceAdmin: boolean };

/** Hooks that drop hot-path caches after a change, so the next request sees it. */
export type Invalidation = { apiKeys(): void; team(teamId: string): void; catalog(): void; providerFacts(): Promise<void> };

export type ServiceContext = {
  db: Db;
  actor: Actor;
  secrets: SecretBox;
  invalidate: Invalidation;
  /** Install-wide defaults from the environment. */
  defaults?: { plan: string };
  /** How URLs a team supplies are checked and reached; verbs fall back to the strict one (no exceptions). */
  teamNetwork?: TeamNetwork;
};

const rank: Record<TeamRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const teamRoles: TeamRole[] = ['owner', 'admin', 'member', 'viewer'];

/** Whether `role` holds at least `minimum`; an instance admin holds every role. */
export function roleAtLeast(role: TeamRole | 'instance-admin', minimum: TeamRole): boolean {
  return role === 'instance-admin' || rank[role] >= rank[minimum];
}

/** The actor's user id, for `created_by` columns. */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : actor.kind;
}

export function isInstanceAdmin(actor: Actor): boolean {
  return actor.kind !== 'user' || actor.isInstanceAdmin;
}

export function requireInstanceAdmin(ctx: ServiceContext): void {
  if (!isInstanceAdmin(ctx.actor)) throw new GatewayError('forbidden', 'Only instance admins can do this.');
}

/**
 * The team, if the actor holds at least `minimum` in it. A team the actor cannot see is
 * reported as not found, so ids of other teams are not confirmed to exist.
 */
export async function requireTeamRole(ctx: ServiceContext, teamIdOrSlug: string, minimum: TeamRole) {
  const team = await findTeam(ctx.db, teamIdOrSlug);
  if (!team) throw new GatewayError('not_found', `Team '${teamIdOrSlug}' not found.`);
  if (isInstanceAdmin(ctx.actor)) return team;
  const role = ctx.actor.kind === 'user' ? await findRole(ctx.db, team.id, ctx.actor.userId) : undefined;
  if (!role) throw new GatewayError('not_found', `Team '${teamIdOrSlug}' not found.`);
  if (rank[role] < rank[minimum]) throw new GatewayError('forbidden', `This needs the ${minimum} role in team '${team.slug}'; you are ${role}.`);
  return team;
}
