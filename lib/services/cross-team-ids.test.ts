import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '@/db/schema';
import { insertMembership } from '@/db/queries/memberships';
import { addCredential } from './credentials/add-credential';
import { deleteCredential } from './credentials/delete-credential';
import { listCredentials } from './credentials/list-credentials';
import { setCredentialEnabled } from './credentials/set-credential-enabled';
import { createApiKey } from './keys/create-api-key';
import { listApiKeys } from './keys/list-api-keys';
import { revokeApiKey } from './keys/revoke-api-key';
import { updateApiKey } from './keys/update-api-key';
import { rotateApiKey } from './keys/rotate-api-key';
import { getApiKey } from './keys/get-api-key';
import { addOidcTrust } from './oidc/add-oidc-trust';
import { listOidcTrusts } from './oidc/list-oidc-trusts';
import { removeOidcTrust } from './oidc/remove-oidc-trust';
import { setOidcTrustEnabled } from './oidc/set-oidc-trust-enabled';
import { openTestServices, type TestServices } from './test-services';

/**
 * Acting on another team's object by its id must answer exactly as an unknown id does: the
 * same code and the same words, naming no team and confirming no id (issue 13, item 12).
 */
let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  return { code: 'resolved', message: '' };
}

const github = { issuer: 'https://token.actions.githubusercontent.com', audience: 'gatehouse', claimConditions: { sub: 'repo:acme/*' } };

describe('another team’s object by id answers as an unknown id', () => {
  it.each([
    {
      name: 'revoke an API key',
      make: async (team: string) => (await createApiKey({ ctx: t.cli, input: { team, name: 'theirs' } })).id,
      act: (ctx: TestServices['cli'], id: string, team?: string) => revokeApiKey({ ctx, input: { keyId: id, team } }),
      intact: async (team: string) => (await listApiKeys({ ctx: t.cli, input: { team } }))[0].status === 'active',
    },
    {
      name: 'change an API key’s limits',
      make: async (team: string) => (await createApiKey({ ctx: t.cli, input: { team, name: 'theirs' } })).id,
      act: (ctx: TestServices['cli'], id: string) => updateApiKey({ ctx, input: { keyId: id, requestsPerMinute: 1 } }),
      intact: async (team: string) => (await t.db.select().from(apiKeys).where(eq(apiKeys.teamId, team)))[0].requestsPerMinute === null,
    },
    {
      name: 'rotate an API key',
      make: async (team: string) => (await createApiKey({ ctx: t.cli, input: { team, name: 'theirs' } })).id,
      act: (ctx: TestServices['cli'], id: string, team?: string) => rotateApiKey({ ctx, input: { keyId: id, team } }),
      intact: async (team: string) => (await t.db.select().from(apiKeys).where(eq(apiKeys.teamId, team)))[0].rotatedAt === null,
    },
    {
      name: 'read an API key',
      make: async (team: string) => (await createApiKey({ ctx: t.cli, input: { team, name: 'theirs' } })).id,
      act: (ctx: TestServices['cli'], id: string, team?: string) => getApiKey({ ctx, input: { keyId: id, team } }),
      intact: async () => true,
    },
    {
      name: 'remove an OIDC trust',
      make: async (team: string) => (await addOidcTrust({ ctx: t.cli, input: { team, ...github } })).id,
      act: (ctx: TestServices['cli'], id: string, team?: string) => removeOidcTrust({ ctx, input: { trustId: id, team } }),
      intact: async (team: string) => (await listOidcTrusts({ ctx: t.cli, input: { team } })).length === 1,
    },
    {
      name: 'disable an OIDC trust',
      make: async (team: string) => (await addOidcTrust({ ctx: t.cli, input: { team, ...github } })).id,
      act: (ctx: TestServices['cli'], id: string, team?: string) => setOidcTrustEnabled({ ctx, input: { trustId: id, enabled: false, team } }),
      intact: async (team: string) => (await listOidcTrusts({ ctx: t.cli, input: { team } }))[0].enabled,
    },
    {
      name: 'delete a BYOK credential',
      make: async (team: string) => (await addCredential({ ctx: t.cli, input: { team, provider: 'openai', apiKey: 'sk-theirs-0123456789' } })).id,
      act: (ctx: TestServices['cli'], id: string, team?: string) => deleteCredential({ ctx, input: { credentialId: id, team: team! } }),
      intact: async (team: string) => (await listCredentials({ ctx: t.cli, input: { team } })).length === 1,
    },
    {
      name: 'disable a BYOK credential',
      make: async (team: string) => (await addCredential({ ctx: t.cli, input: { team, provider: 'openai', apiKey: 'sk-theirs-0123456789' } })).id,
      act: (ctx: TestServices['cli'], id: string, team?: string) => setCredentialEnabled({ ctx, input: { credentialId: id, enabled: false, team: team! } }),
      intact: async (team: string) => (await listCredentials({ ctx: t.cli, input: { team } }))[0].enabled,
    },
  ])('$name', async ({ make, act, intact }) => {
    const victim = await t.team();
    const attacker = await t.team();
    const id = await make(victim.id);

    const unknown = await failure(act(attacker.owner.ctx, `${id.split('_')[0]}_doesnotexist0000`, attacker.id));
    const foreign = await failure(act(attacker.owner.ctx, id, attacker.id));
    expect(unknown.code).toBe('not_found');
    expect(foreign).toEqual(unknown);
    for (const leak of [victim.id, victim.slug, id]) expect(foreign.message).not.toContain(leak);
    expect(await intact(victim.id)).toBe(true);
  });

  it('a member (not admin) of the key’s team, acting from a team they administer, is told "not found", not "needs the admin role"', async () => {
    const mine = await t.team();
    const theirs = await t.team();
    await insertMembership(t.db, { teamId: theirs.id, userId: mine.owner.id, role: 'member' });
    const keyId = (await createApiKey({ ctx: t.cli, input: { team: theirs.id, name: 'theirs' } })).id;
    const unknown = await failure(revokeApiKey({ ctx: mine.owner.ctx, input: { keyId: 'key_doesnotexist0000', team: mine.id } }));
    expect(await failure(revokeApiKey({ ctx: mine.owner.ctx, input: { keyId, team: mine.id } }))).toEqual(unknown);
  });
});
