import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRole } from '@/db/queries/memberships';
import { createInvite } from '../members/create-invite';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { registerWithInvite } from './register-with-invite';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

describe('registerWithInvite', () => {
  it('creates an account (not an instance admin) that joins with the invite’s role, once', async () => {
    const team = await t.team();
    const invite = await createInvite({ ctx: team.admin.ctx, input: { team: team.id, role: 'viewer' } });
    const created = await registerWithInvite({ ctx: t, input: { token: invite.token, email: 'vic@example.com', password: 'viewer password 1' } });
    expect(created.user.isInstanceAdmin).toBe(false);
    expect(created).toMatchObject({ teamSlug: team.slug, role: 'viewer' });
    expect(await findRole(t.db, team.id, created.user.id)).toBe('viewer');
    expect(await rejection(registerWithInvite({ ctx: t, input: { token: invite.token, email: 'mallory@example.com', password: 'viewer password 1' } }))).toBe('not_found');
  });

  it('refuses an email that already has an account, and a made-up token', async () => {
    const team = await t.team();
    const invite = await createInvite({ ctx: team.admin.ctx, input: { team: team.id, role: 'member' } });
    expect(await rejection(registerWithInvite({ ctx: t, input: { token: invite.token, email: team.viewer.email, password: 'long enough password' } }))).toBe('invalid_request');
    expect(await rejection(registerWithInvite({ ctx: t, input: { token: 'made-up', email: 'new@example.com', password: 'long enough password' } }))).toBe('not_found');
  });
});
