import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertConsoleSession, isConsoleSessionLive } from '@/db/queries/console-sessions';
import { findRole } from '@/db/queries/memberships';
import { findPasswordHash, updatePasswordHash } from '@/db/queries/users';
import { hashPassword, verifyPassword } from '../../crypto/passwords';
import { createInvite } from '../members/create-invite';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { changePassword } from './change-password';
import { registerWithInvite } from './register-with-invite';
import { setUserDisabled } from './set-user-disabled';

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

async function sessionFor(userId: string) {
  const id = `ses_${userId}_${Math.random().toString(36).slice(2)}`;
  await insertConsoleSession(t.db, { id, userId, expiresAt: new Date(Date.now() + 60_000) });
  return id;
}

describe('changePassword', () => {
  it('needs the current password, then ends every session of the user', async () => {
    const user = await t.user();
    await updatePasswordHash(t.db, user.id, await hashPassword('the old password'));
    const sessions = [await sessionFor(user.id), await sessionFor(user.id)];
    const other = await t.user();
    const othersSession = await sessionFor(other.id);
    expect(await rejection(changePassword({ ctx: user.ctx, input: { currentPassword: 'not it at all', newPassword: 'the new password' } }))).toBe('invalid_request');
    await expect(changePassword({ ctx: user.ctx, input: { currentPassword: 'the old password', newPassword: 'short' } })).rejects.toThrow(/at least 10 characters/);
    expect(await isConsoleSessionLive(t.db, sessions[0], user.id)).toBe(true);
    expect(await changePassword({ ctx: user.ctx, input: { currentPassword: 'the old password', newPassword: 'the new password' } })).toMatchObject({ sessionsEnded: 2 });
    for (const id of sessions) expect(await isConsoleSessionLive(t.db, id, user.id)).toBe(false);
    expect(await isConsoleSessionLive(t.db, othersSession, other.id)).toBe(true);
    expect(await verifyPassword('the new password', (await findPasswordHash(t.db, user.email))!.passwordHash!)).toBe(true);
    expect(await rejection(changePassword({ ctx: t.cli, input: { currentPassword: 'x', newPassword: 'the new password' } }))).toBe('forbidden');
  });
});

describe('setUserDisabled', () => {
  it('lets only instance admins disable (not themselves), ending the sessions, and enable again', async () => {
    const admin = await t.user({ instanceAdmin: true });
    const user = await t.user();
    const session = await sessionFor(user.id);
    const team = await t.team();
    expect(await rejection(setUserDisabled({ ctx: team.owner.ctx, input: { user: user.id, disabled: true } }))).toBe('forbidden');
    expect(await rejection(setUserDisabled({ ctx: admin.ctx, input: { user: admin.id, disabled: true } }))).toBe('invalid_request');
    expect(await rejection(setUserDisabled({ ctx: admin.ctx, input: { user: 'nobody@example.com', disabled: true } }))).toBe('not_found');
    expect(await setUserDisabled({ ctx: admin.ctx, input: { user: user.email, disabled: true } })).toMatchObject({ userId: user.id, sessionsEnded: 1 });
    expect(await isConsoleSessionLive(t.db, session, user.id)).toBe(false);
    const later = await sessionFor(user.id);
    expect(await isConsoleSessionLive(t.db, later, user.id)).toBe(false);
    await setUserDisabled({ ctx: t.cli, input: { user: user.id, disabled: false } });
    expect(await isConsoleSessionLive(t.db, later, user.id)).toBe(true);
  });
});
