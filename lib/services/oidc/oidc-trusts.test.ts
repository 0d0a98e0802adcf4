import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { createTeamNetwork } from '@/lib/net/team-network';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { addOidcTrust } from './add-oidc-trust';
import { listOidcTrusts } from './list-oidc-trusts';
import { removeOidcTrust } from './remove-oidc-trust';
import { setOidcTrustEnabled } from './set-oidc-trust-enabled';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

const github = {
  issuer: 'https://token.actions.githubusercontent.com/',
  audience: 'gatehouse',
  claimConditions: { sub: 'repo:acme/*:ref:refs/heads/main' },
};

const audit = (teamId: string, action: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.teamId, teamId), eq(auditLog.action, action)));

describe('OIDC trusts', () => {
  it('lets an admin trust an issuer, normalised, audited, with the team cache dropped; viewers may list', async () => {
    const team = await t.team();
    const trust = await addOidcTrust({ ctx: team.admin.ctx, input: { team: team.slug, ...github } });
    expect(trust).toMatchObject({
      teamId: team.id,
      issuer: 'https://token.actions.githubusercontent.com',
      audience: 'gatehouse',
      claimConditions: github.claimConditions,
      label: 'token.actions.githubusercontent.com',
      enabled: true,
      createdBy: team.admin.id,
    });
    expect(trust.id).toMatch(/^oidc_[0-9a-f]{20}$/);
    expect(t.invalidated.teams).toContain(team.id);
    expect(await audit(team.id, 'oidc_trust.create')).toEqual([expect.objectContaining({ actor: `user:${team.admin.id}`, target: trust.id })]);
    expect(await listOidcTrusts({ ctx: team.viewer.ctx, input: { team: team.id } })).toEqual([trust]);
  });

  it('rejects a viewer, and a member, adding or removing trusts', async () => {
    const team = await t.team();
    expect(await rejection(addOidcTrust({ ctx: team.viewer.ctx, input: { team: team.id, ...github } }))).toBe('forbidden');
    expect(await rejection(addOidcTrust({ ctx: team.member.ctx, input: { team: team.id, ...github } }))).toBe('forbidden');
    const trust = await addOidcTrust({ ctx: team.owner.ctx, input: { team: team.id, ...github } });
    expect(await rejection(removeOidcTrust({ ctx: team.viewer.ctx, input: { trustId: trust.id } }))).toBe('forbidden');
    expect(await rejection(removeOidcTrust({ ctx: team.member.ctx, input: { trustId: trust.id } }))).toBe('forbidden');
    expect(await listOidcTrusts({ ctx: team.viewer.ctx, input: { team: team.id } })).toHaveLength(1);
  });

  it('rejects anyone outside the team as if the team did not exist', async () => {
    const team = await t.team();
    const other = await t.team();
    const trust = await addOidcTrust({ ctx: team.admin.ctx, input: { team: team.id, ...github } });
    expect(await rejection(addOidcTrust({ ctx: other.owner.ctx, input: { team: team.id, ...github } }))).toBe('not_found');
    expect(await rejection(listOidcTrusts({ ctx: other.owner.ctx, input: { team: team.id } }))).toBe('not_found');
    expect(await rejection(removeOidcTrust({ ctx: other.owner.ctx, input: { trustId: trust.id } }))).toBe('not_found');
    // An instance admin scoped to another team's screen cannot reach it either.
    const admin = await t.user({ instanceAdmin: true });
    expect(await rejection(removeOidcTrust({ ctx: admin.ctx, input: { trustId: trust.id, team: other.id } }))).toBe('not_found');
  });

  it('removes a trust once, audited', async () => {
    const team = await t.team();
    const trust = await addOidcTrust({ ctx: team.admin.ctx, input: { team: team.id, ...github, label: 'CI' } });
    const before = t.invalidated.teams.length;
    expect(await removeOidcTrust({ ctx: team.admin.ctx, input: { trustId: trust.id, team: team.slug } })).toEqual({ id: trust.id, removed: true });
    expect(t.invalidated.teams.length).toBe(before + 1);
    expect(await audit(team.id, 'oidc_trust.remove')).toHaveLength(1);
    expect(await listOidcTrusts({ ctx: team.admin.ctx, input: { team: team.id } })).toEqual([]);
    expect(await rejection(removeOidcTrust({ ctx: team.admin.ctx, input: { trustId: trust.id } }))).toBe('not_found');
  });

  it('lets an admin disable and re-enable a trust, audited, with the team cache dropped', async () => {
    const team = await t.team();
    const trust = await addOidcTrust({ ctx: team.admin.ctx, input: { team: team.id, ...github } });
    const before = t.invalidated.teams.length;
    expect(await setOidcTrustEnabled({ ctx: team.admin.ctx, input: { trustId: trust.id, enabled: false, team: team.slug } })).toEqual({ id: trust.id, enabled: false });
    expect(t.invalidated.teams.length).toBe(before + 1);
    expect((await listOidcTrusts({ ctx: team.viewer.ctx, input: { team: team.id } }))[0].enabled).toBe(false);
    await setOidcTrustEnabled({ ctx: team.owner.ctx, input: { trustId: trust.id, enabled: true } });
    expect((await listOidcTrusts({ ctx: team.viewer.ctx, input: { team: team.id } }))[0].enabled).toBe(true);
    expect(await audit(team.id, 'oidc_trust.disable')).toEqual([expect.objectContaining({ actor: `user:${team.admin.id}`, target: trust.id })]);
    expect(await audit(team.id, 'oidc_trust.enable')).toHaveLength(1);
  });

  it('rejects a non-admin actor enabling or disabling a trust, and anyone outside the team as not found', async () => {
    const team = await t.team();
    const other = await t.team();
    const trust = await addOidcTrust({ ctx: team.admin.ctx, input: { team: team.id, ...github } });
    expect(await rejection(setOidcTrustEnabled({ ctx: team.viewer.ctx, input: { trustId: trust.id, enabled: false } }))).toBe('forbidden');
    expect(await rejection(setOidcTrustEnabled({ ctx: team.member.ctx, input: { trustId: trust.id, enabled: false } }))).toBe('forbidden');
    expect(await rejection(setOidcTrustEnabled({ ctx: other.owner.ctx, input: { trustId: trust.id, enabled: false } }))).toBe('not_found');
    expect(await rejection(setOidcTrustEnabled({ ctx: other.owner.ctx, input: { trustId: trust.id, enabled: false, team: other.id } }))).toBe('not_found');
    expect(await rejection(setOidcTrustEnabled({ ctx: team.admin.ctx, input: { trustId: 'oidc_missing', enabled: false } }))).toBe('not_found');
    expect((await listOidcTrusts({ ctx: team.viewer.ctx, input: { team: team.id } }))[0].enabled).toBe(true);
  });

  it.each([
    ['an issuer over plain http', { issuer: 'http://issuer.example.com' }, /https/],
    ['an issuer that is not a URL', { issuer: 'github' }, /not a URL/],
    ['an issuer with a query', { issuer: 'https://issuer.example.com/?tenant=1' }, /query/],
    ['an issuer on localhost (a Redis port, say)', { issuer: 'http://localhost:6379' }, /non-public/],
    ['an issuer at the cloud metadata address', { issuer: 'https://169.254.169.254' }, /non-public/],
    ['an issuer on a private address', { issuer: 'https://10.0.0.8/realms/x' }, /non-public/],
    ['an issuer with a fragment', { issuer: 'https://issuer.example.com/#' }, /fragment/],
    ['an issuer with credentials', { issuer: 'https://user:pw@issuer.example.com' }, /credentials/],
    ['no claim conditions', { claimConditions: {} }, /at least one claim condition/],
    ['an empty pattern', { claimConditions: { sub: '' } }, /too_small|at least 1|>=1/i],
    ['an empty audience', { audience: ' ' }, /too_small|at least 1|>=1/i],
  ])('refuses %s', async (_name, change, message) => {
    const team = await t.team();
    await expect(addOidcTrust({ ctx: team.admin.ctx, input: { team: team.id, ...github, ...change } })).rejects.toThrow(message);
  });

  it('accepts plain http only for a host the operator allows (these tests allow 127.0.0.1)', async () => {
    const team = await t.team();
    const trust = await addOidcTrust({ ctx: team.admin.ctx, input: { team: team.id, ...github, issuer: 'http://127.0.0.1:8080/' } });
    expect(trust.issuer).toBe('http://127.0.0.1:8080');
    const strict = await openTestServices({ teamNetwork: createTeamNetwork() });
    try {
      const other = await strict.team();
      await expect(addOidcTrust({ ctx: other.admin.ctx, input: { team: other.id, ...github, issuer: 'http://127.0.0.1:8080/' } })).rejects.toThrow(/non-public/);
    } finally {
      await strict.close();
    }
  });
});
