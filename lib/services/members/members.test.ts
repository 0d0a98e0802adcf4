import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { and, eq } from 'drizzle-orm';
import { findRole, insertMembership } from '@/db/queries/memberships';
import { apiKeys, auditLog, users } from '@/db/schema';
import { createApiKey } from '../keys/create-api-key';
import { revokeApiKey } from '../keys/revoke-api-key';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { acceptInvite } from './accept-invite';
import { addMember } from './add-member';
import { changeRole } from './change-role';
import { createInvite } from './create-invite';
import { leaveTeam } from './leave-team';
import { listMembers } from './list-members';
import { removeMember } from './remove-member';
import { revokeInvite } from './revoke-invite';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

describe('createInvite / acceptInvite', () => {
  it('makes a one-time link that joins with the role, storing only a hash', async () => {
    const team = await t.team();
    const invite = await createInvite({ ctx: team.admin.ctx, input: { team: team.slug, role: 'member' } });
    expect(invite.token.length).toBeGreaterThan(20);
    const stored = await t.db.query.invites.findFirst();
    expect(JSON.stringify(stored)).not.toContain(invite.token);
    const newcomer = await t.user();
    expect(await acceptInvite({ ctx: newcomer.ctx, input: { token: invite.token } })).toMatchObject({ teamSlug: team.slug, role: 'member' });
    expect(await findRole(t.db, team.id, newcomer.id)).toBe('member');
    const another = await t.user();
    expect(await rejection(acceptInvite({ ctx: another.ctx, input: { token: invite.token } }))).toBe('not_found');
  });

  it('refuses expired links and keeps an existing member’s role', async () => {
    const team = await t.team();
    const invite = await createInvite({ ctx: team.owner.ctx, input: { team: team.id, role: 'viewer' } });
    expect(await acceptInvite({ ctx: team.admin.ctx, input: { token: invite.token } })).toMatchObject({ role: 'admin' });
    const expiring = await createInvite({ ctx: team.owner.ctx, input: { team: team.id, role: 'viewer', expiresInDays: 1 } });
    const later = Date.now() + 2 * 86_400_000;
    const realNow = Date.now;
    Date.now = () => later;
    try {
      expect(await rejection(acceptInvite({ ctx: (await t.user()).ctx, input: { token: expiring.token } }))).toBe('not_found');
    } finally {
      Date.now = realNow;
    }
  });

  it('rejects a viewer, a member, and a member of another team', async () => {
    const team = await t.team();
    const other = await t.team();
    expect(await rejection(createInvite({ ctx: team.viewer.ctx, input: { team: team.id, role: 'viewer' } }))).toBe('forbidden');
    expect(await rejection(createInvite({ ctx: team.member.ctx, input: { team: team.id, role: 'viewer' } }))).toBe('forbidden');
    expect(await rejection(createInvite({ ctx: other.owner.ctx, input: { team: team.id, role: 'viewer' } }))).toBe('not_found');
  });

  it('lets only owners invite owners', async () => {
    const team = await t.team();
    expect(await rejection(createInvite({ ctx: team.admin.ctx, input: { team: team.id, role: 'owner' } }))).toBe('forbidden');
    expect((await createInvite({ ctx: team.owner.ctx, input: { team: team.id, role: 'owner' } })).role).toBe('owner');
  });

  it('withdraws an open invite', async () => {
    const team = await t.team();
    const invite = await createInvite({ ctx: team.admin.ctx, input: { team: team.id, role: 'member' } });
    expect(await rejection(revokeInvite({ ctx: team.member.ctx, input: { team: team.id, inviteId: invite.id } }))).toBe('forbidden');
    await revokeInvite({ ctx: team.admin.ctx, input: { team: team.id, inviteId: invite.id } });
    expect(await rejection(acceptInvite({ ctx: (await t.user()).ctx, input: { token: invite.token } }))).toBe('not_found');
  });
});

describe('listMembers', () => {
  it('shows members to viewers, invites only to admins, and nothing to other teams', async () => {
    const team = await t.team();
    const other = await t.team();
    await createInvite({ ctx: team.admin.ctx, input: { team: team.id, role: 'member' } });
    const asViewer = await listMembers({ ctx: team.viewer.ctx, input: { team: team.slug } });
    expect(asViewer.members.map((member) => member.role).sort()).toEqual(['admin', 'member', 'owner', 'viewer']);
    expect(asViewer.invites).toEqual([]);
    expect((await listMembers({ ctx: team.admin.ctx, input: { team: team.slug } })).invites).toHaveLength(1);
    expect(JSON.stringify(asViewer)).not.toMatch(/password|token_?hash/i);
    expect(await rejection(listMembers({ ctx: other.owner.ctx, input: { team: team.slug } }))).toBe('not_found');
  });
});

describe('changeRole', () => {
  it('lets admins change roles up to their own', async () => {
    const team = await t.team();
    await changeRole({ ctx: team.admin.ctx, input: { team: team.id, userId: team.member.id, role: 'viewer' } });
    expect(await findRole(t.db, team.id, team.member.id)).toBe('viewer');
    expect(await rejection(changeRole({ ctx: team.admin.ctx, input: { team: team.id, userId: team.viewer.id, role: 'owner' } }))).toBe('forbidden');
    expect(await rejection(changeRole({ ctx: team.admin.ctx, input: { team: team.id, userId: team.owner.id, role: 'member' } }))).toBe('forbidden');
  });

  it('never demotes the last owner, but does when there is another', async () => {
    const team = await t.team();
    expect(await rejection(changeRole({ ctx: team.owner.ctx, input: { team: team.id, userId: team.owner.id, role: 'admin' } }))).toBe('invalid_request');
    await changeRole({ ctx: team.owner.ctx, input: { team: team.id, userId: team.admin.id, role: 'owner' } });
    await changeRole({ ctx: team.owner.ctx, input: { team: team.id, userId: team.owner.id, role: 'admin' } });
    expect(await findRole(t.db, team.id, team.owner.id)).toBe('admin');
  });

  it('rejects a viewer and a member of another team', async () => {
    const team = await t.team();
    const other = await t.team();
    expect(await rejection(changeRole({ ctx: team.viewer.ctx, input: { team: team.id, userId: team.member.id, role: 'viewer' } }))).toBe('forbidden');
    expect(await rejection(changeRole({ ctx: other.owner.ctx, input: { team: team.id, userId: team.member.id, role: 'viewer' } }))).toBe('not_found');
    expect(await rejection(changeRole({ ctx: team.owner.ctx, input: { team: team.id, userId: other.member.id, role: 'viewer' } }))).toBe('not_found');
  });
});

describe('removeMember / leaveTeam', () => {
  it('removes members, owners only by owners, never the last owner', async () => {
    const team = await t.team();
    await removeMember({ ctx: team.admin.ctx, input: { team: team.id, userId: team.member.id } });
    expect(await findRole(t.db, team.id, team.member.id)).toBeUndefined();
    expect(await rejection(removeMember({ ctx: team.admin.ctx, input: { team: team.id, userId: team.owner.id } }))).toBe('forbidden');
    expect(await rejection(removeMember({ ctx: team.owner.ctx, input: { team: team.id, userId: team.owner.id } }))).toBe('invalid_request');
  });

  it('rejects a viewer and a member of another team', async () => {
    const team = await t.team();
    const other = await t.team();
    expect(await rejection(removeMember({ ctx: team.viewer.ctx, input: { team: team.id, userId: team.member.id } }))).toBe('forbidden');
    expect(await rejection(removeMember({ ctx: other.admin.ctx, input: { team: team.id, userId: team.member.id } }))).toBe('not_found');
  });

  it('lets anyone leave except the last owner', async () => {
    const team = await t.team();
    await leaveTeam({ ctx: team.viewer.ctx, input: { team: team.slug } });
    expect(await findRole(t.db, team.id, team.viewer.id)).toBeUndefined();
    expect(await rejection(leaveTeam({ ctx: team.owner.ctx, input: { team: team.slug } }))).toBe('invalid_request');
    expect(await rejection(leaveTeam({ ctx: team.viewer.ctx, input: { team: team.slug } }))).toBe('not_found');
  });

  it('revokes the keys the removed member created in that team, counted in the dialog and the audit row', async () => {
    const team = await t.team();
    const other = await t.team();
    const kept = await createApiKey({ ctx: team.admin.ctx, input: { team: team.id, name: 'admin key' } });
    const first = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'one' } });
    await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'two' } });
    const alreadyRevoked = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'old' } });
    await revokeApiKey({ ctx: team.admin.ctx, input: { keyId: alreadyRevoked.id } });
    // The same person in another team keeps their key there.
    await insertMembership(t.db, { teamId: other.id, userId: team.member.id, role: 'member' });
    const elsewhere = await createApiKey({ ctx: team.member.ctx, input: { team: other.id, name: 'elsewhere' } });

    const listed = await listMembers({ ctx: team.admin.ctx, input: { team: team.id } });
    expect(listed.members.find((member) => member.userId === team.member.id)?.liveKeys).toBe(2);
    expect((await listMembers({ ctx: team.viewer.ctx, input: { team: team.id } })).members.every((member) => member.liveKeys === null)).toBe(true);

    const before = t.invalidated.apiKeys;
    expect(await removeMember({ ctx: team.admin.ctx, input: { team: team.id, userId: team.member.id } })).toMatchObject({ removed: true, keysRevoked: 2 });
    expect(t.invalidated.apiKeys).toBe(before + 1);
    const live = async (id: string) => (await t.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)))[0].revokedAt === null;
    expect(await live(first.id)).toBe(false);
    expect(await live(kept.id)).toBe(true);
    expect(await live(elsewhere.id)).toBe(true);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.teamId, team.id), eq(auditLog.action, 'member.remove')));
    expect(audit).toMatchObject({ target: team.member.id, data: { role: 'member', keysRevoked: 2 } });
    expect(JSON.stringify(audit)).not.toContain(first.key);
  });

  it('revokes the keys of a member who leaves, too', async () => {
    const team = await t.team();
    const key = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'mine' } });
    expect(await leaveTeam({ ctx: team.member.ctx, input: { team: team.slug } })).toMatchObject({ left: true, keysRevoked: 1 });
    const [row] = await t.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row.revokedAt).not.toBeNull();
  });
});

describe('addMember', () => {
  it('adds an existing account or creates one without a password, idempotently, audited; instance admins only', async () => {
    const team = await t.team();
    const existing = await t.user();
    expect(await addMember({ ctx: t.cli, input: { team: team.slug, email: existing.email.toUpperCase(), role: 'member' } })).toEqual({ userId: existing.id, role: 'member', added: true, userCreated: false });
    expect(await findRole(t.db, team.id, existing.id)).toBe('member');
    const email = `new-${Date.now()}@example.com`;
    const created = await addMember({ ctx: t.cli, input: { team: team.id, email, role: 'admin', name: 'New Person' } });
    expect(created).toMatchObject({ role: 'admin', added: true, userCreated: true });
    const [user] = await t.db.select().from(users).where(eq(users.id, created.userId));
    expect(user).toMatchObject({ email, name: 'New Person', passwordHash: null, isInstanceAdmin: false });
    // Again with the same role: nothing changes; with another role: a conflict.
    expect(await addMember({ ctx: t.cli, input: { team: team.id, email, role: 'admin' } })).toMatchObject({ userId: created.userId, added: false });
    expect(await rejection(addMember({ ctx: t.cli, input: { team: team.id, email, role: 'viewer' } }))).toBe('invalid_request');
    const entries = await t.db.select().from(auditLog).where(and(eq(auditLog.teamId, team.id), eq(auditLog.action, 'member.add')));
    expect(entries).toHaveLength(2);
    expect(await rejection(addMember({ ctx: team.owner.ctx, input: { team: team.id, email: 'someone@example.com', role: 'member' } }))).toBe('forbidden');
    expect(await rejection(addMember({ ctx: t.cli, input: { team: 'no-such-team', email: 'someone@example.com', role: 'member' } }))).toBe('not_found');
    await expect(addMember({ ctx: t.cli, input: { team: team.id, email: 'not an email', role: 'member' } })).rejects.toBeInstanceOf(ZodError);
  });
});
