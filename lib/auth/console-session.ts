import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { findRole, type TeamRole } from '@/db/queries/memberships';
import { findTeam } from '@/db/queries/teams';
import { findUserById } from '@/db/queries/users';
import { requestedPath } from '@/lib/console/requested-path';
import { loginUrl } from '@/lib/console/safe-next';
import { GatewayError } from '@/lib/gateway/errors';
import { getRuntime } from '@/lib/runtime';
import { roleAtLeast, type ServiceContext } from '@/lib/services/context';
import { auth } from './auth';

export type ConsoleUser = { id: string; email: string; name: string | null; isInstanceAdmin: boolean };

/**
 * The signed-in user, or null. Read from the database on every request (deduplicated
 * within one render), so a removed user or a changed instance-admin flag applies at once.
 */
export const getConsoleUser = cache(async (): Promise<ConsoleUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const runtime = await getRuntime();
  return (await findUserById(runtime.database.db, id)) ?? null;
});

/** The service context acting as this user. */
export async function consoleContext(user: ConsoleUser): Promise<ServiceContext> {
  const runtime = await getRuntime();
  return runtime.serviceContext({ kind: 'user', userId: user.id, isInstanceAdmin: user.isInstanceAdmin });
}

/**
 * For pages that need a user but no team: redirects to /login without a session, coming back
 * to the page asked for (path and query, from proxy.ts) when it is under `next`, else to `next`.
 */
export async function requireConsoleUser(next?: string): Promise<ConsoleUser> {
  const user = await getConsoleUser();
  if (!user) {
    const asked = await requestedPath();
    redirect(loginUrl(next && asked && isUnder(asked, next) ? asked : next));
  }
  return user;
}

/** `/t/acme/usage?x=1` is under `/t/acme`; `/t/acme2` is not. */
function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`);
}

/**
 * For pages, route handlers and server actions: redirects to /login without a session;
 * notFound() if the user is not a member of the team (instance admins see all), so other
 * teams' slugs are not confirmed to exist; throws GatewayError('forbidden') if the role is
 * below `minimum`.
 */
export async function requireConsoleTeam(
  teamSlug: string,
  minimum: TeamRole,
): Promise<{ user: ConsoleUser; team: { id: string; slug: string; name: string; plan: string }; role: TeamRole | 'instance-admin'; ctx: ServiceContext }> {
  const user = await requireConsoleUser(`/t/${teamSlug}`);
  const ctx = await consoleContext(user);
  const found = await findTeam(ctx.db, teamSlug);
  if (!found || found.slug !== teamSlug) notFound();
  const membership = user.isInstanceAdmin ? undefined : await findRole(ctx.db, found.id, user.id);
  if (!user.isInstanceAdmin && !membership) notFound();
  const role: TeamRole | 'instance-admin' = user.isInstanceAdmin ? 'instance-admin' : membership!;
  if (!roleAtLeast(role, minimum)) {
    throw new GatewayError('forbidden', `This needs the ${minimum} role in team '${found.slug}'; you are ${role}.`);
  }
  return { user, team: { id: found.id, slug: found.slug, name: found.name, plan: found.plan }, role, ctx };
}
