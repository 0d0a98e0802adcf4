import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '@/db/client';
import { insertMembership, type TeamRole } from '@/db/queries/memberships';
import { seedPlans } from '@/db/queries/plans';
import { insertUser } from '@/db/queries/users';
import { createSecretBox } from '../crypto/secrets';
import { createTeamNetwork, type TeamNetwork } from '../net/team-network';
import type { Actor, ServiceContext } from './context';
import { createTeam } from './teams/create-team';

/**
 * For verb tests: an in-memory PGlite database (or the PostgreSQL database at `url`), contexts
 * for any actor, and helpers that make users, teams and memberships. `invalidated` records
 * cache invalidations. Fake upstreams and issuers listen on 127.0.0.1, so that address is
 * allowed to team-supplied URLs unless `teamNetwork` says otherwise.
 */
export async function openTestServices(options: { url?: string; teamNetwork?: TeamNetwork } = {}) {
  const database: Database = await openDatabase({ url: options.url, dataDir: 'memory://' });
  const db = database.db;
  await seedPlans(db);
  const secrets = createSecretBox('test-secret-'.repeat(4));
  const invalidated = { teams: [] as string[], apiKeys: 0 };
  const invalidate = {
    apiKeys: () => void (invalidated.apiKeys += 1),
    team: (teamId: string) => void invalidated.teams.push(teamId),
    catalog: () => {},
    providerFacts: async () => {},
  };
  const teamNetwork = options.teamNetwork ?? createTeamNetwork({ allowList: ['127.0.0.1'] });
  const as = (actor: Actor): ServiceContext => ({ db, actor, secrets, invalidate, teamNetwork });
  const cli = as({ kind: 'cli' });

  async function user(options: { email?: string; instanceAdmin?: boolean } = {}) {
    const id = `user_${randomUUID().slice(0, 8)}`;
    const row = await insertUser(db, { id, email: options.email ?? `${id}@example.com`, isInstanceAdmin: options.instanceAdmin ?? false });
    return { ...row, ctx: as({ kind: 'user', userId: id, isInstanceAdmin: row.isInstanceAdmin }) };
  }

  /** A team with one user in each role. */
  async function team(name = `team ${randomUUID().slice(0, 6)}`) {
    const owner = await user();
    const created = await createTeam({ ctx: owner.ctx, input: { name } });
    const members = { owner } as Record<TeamRole, Awaited<ReturnType<typeof user>>>;
    for (const role of ['admin', 'member', 'viewer'] as const) {
      members[role] = await user();
      await insertMembership(db, { teamId: created.id, userId: members[role].id, role });
    }
    return { ...created, ...members };
  }

  return { database, db, as, cli, user, team, invalidated, teamNetwork, close: async () => (await database.close(), await teamNetwork.close()) };
}

export type TestServices = Awaited<ReturnType<typeof openTestServices>>;

/** The GatewayError code a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'resolved';
}
