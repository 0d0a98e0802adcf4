import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRole } from '@/db/queries/memberships';
import { findTeam } from '@/db/queries/teams';
import { findPasswordHash, findUserByEmail } from '@/db/queries/users';
import { verifyPassword } from '../../crypto/passwords';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { checkSetupToken, createFirstAdmin } from './create-first-admin';
import { issueSetupToken } from './issue-setup-token';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

describe('first-run setup', () => {
  it('issues one-time links only to the operator, and only while nobody has an account', async () => {
    const issued = await issueSetupToken({ ctx: t.cli });
    expect(issued?.token).toMatch(/^[\w-]{40,}$/);
    const stored = await t.db.query.setupTokens.findMany();
    expect(JSON.stringify(stored)).not.toContain(issued!.token);
    expect(await checkSetupToken({ ctx: t, input: { token: issued!.token } })).toBe(true);
    expect(await checkSetupToken({ ctx: t, input: { token: 'guess' } })).toBe(false);

    const admin = await createFirstAdmin({ ctx: t, input: { token: issued!.token, email: ' Ada@Example.com ', name: 'Ada', password: 'correct horse battery' } });
    expect(admin.user).toMatchObject({ email: 'ada@example.com', isInstanceAdmin: true });
    expect(admin.team.slug).toBe('default');
    expect(await findRole(t.db, admin.team.id, admin.user.id)).toBe('owner');
    const hash = (await findPasswordHash(t.db, 'ada@example.com'))!.passwordHash!;
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);

    expect(await rejection(createFirstAdmin({ ctx: t, input: { token: issued!.token, email: 'eve@example.com', password: 'correct horse battery' } }))).toBe('unauthorized');
    expect(await issueSetupToken({ ctx: t.cli })).toBeNull();
    expect(await checkSetupToken({ ctx: t, input: { token: issued!.token } })).toBe(false);
    expect(await findUserByEmail(t.db, 'eve@example.com')).toBeUndefined();
    expect(await findTeam(t.db, 'default')).toBeDefined();
  });

  it('rejects a signed-in user asking for a setup link', async () => {
    const user = await t.user();
    expect(await rejection(issueSetupToken({ ctx: user.ctx }))).toBe('forbidden');
  });

  it('refuses short passwords and expired links', async () => {
    const fresh = await openTestServices();
    try {
      const issued = await issueSetupToken({ ctx: fresh.cli, input: { ttlMs: -1 } });
      await expect(createFirstAdmin({ ctx: fresh, input: { token: issued!.token, email: 'a@b.co', password: 'short' } })).rejects.toThrow(/at least 10/);
      expect(await rejection(createFirstAdmin({ ctx: fresh, input: { token: issued!.token, email: 'a@b.co', password: 'long enough password' } }))).toBe('unauthorized');
    } finally {
      await fresh.close();
    }
  });
});
