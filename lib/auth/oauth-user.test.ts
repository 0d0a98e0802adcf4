import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countUsers } from '@/db/queries/users';
import { openTestServices, type TestServices } from '@/lib/services/test-services';
import { userForOAuthProfile } from './oauth-user';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

describe('userForOAuthProfile', () => {
  it('links an OAuth sign-in to the account with the same email, whatever its case', async () => {
    const existing = await t.user({ email: 'grace@example.com' });
    const linked = await userForOAuthProfile(t.db, { email: 'Grace@Example.com', name: 'Grace', provider: 'github' });
    expect(linked.id).toBe(existing.id);
  });

  it('creates a plain account (no teams, not an instance admin) on a first sign-in', async () => {
    const before = await countUsers(t.db);
    const created = await userForOAuthProfile(t.db, { email: 'new@example.com', name: 'New Person', provider: 'oidc' });
    expect(created).toMatchObject({ email: 'new@example.com', name: 'New Person', isInstanceAdmin: false });
    expect(await countUsers(t.db)).toBe(before + 1);
    expect((await userForOAuthProfile(t.db, { email: 'new@example.com', name: null, provider: 'oidc' })).id).toBe(created.id);
  });
});
