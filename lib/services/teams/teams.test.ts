import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRole } from '@/db/queries/memberships';
import { findTeam } from '@/db/queries/teams';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { createTeam } from './create-team';
import { getTeamSettings } from './get-team-settings';
import { listMyTeams } from './list-my-teams';
import { setTeamPlan } from './set-team-plan';
import { updateTeamSettings } from './update-team-settings';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

describe('createTeam', () => {
  it('makes the signed-in creator the owner', async () => {
    const user = await t.user();
    const team = await createTeam({ ctx: user.ctx, input: { name: 'Acme Labs' } });
    expect(team.slug).toBe('acme-labs');
    expect(await findRole(t.db, team.id, user.id)).toBe('owner');
    expect(await rejection(createTeam({ ctx: user.ctx, input: { name: 'Acme Labs' } }))).toBe('invalid_request');
  });

  it('rejects initial credits from anyone but an instance admin', async () => {
    const user = await t.user();
    expect(await rejection(createTeam({ ctx: user.ctx, input: { name: 'Free money', initialCreditsMicros: 5_000_000 } }))).toBe('forbidden');
  });
});

describe('listMyTeams', () => {
  it('lists a user’s teams with roles; instance admins see every team', async () => {
    const team = await t.team();
    const mine = await listMyTeams({ ctx: team.viewer.ctx });
    expect(mine).toEqual([expect.objectContaining({ slug: team.slug, role: 'viewer' })]);
    const admin = await t.user({ instanceAdmin: true });
    const all = await listMyTeams({ ctx: admin.ctx });
    expect(all.find((item) => item.slug === team.slug)?.role).toBe('instance-admin');
  });
});

describe('updateTeamSettings', () => {
  it('saves the routing policy and drops the team from the hot-path caches', async () => {
    const team = await t.team();
    await updateTeamSettings({
      ctx: team.admin.ctx,
      input: { team: team.slug, zeroDataRetention: true, providerAllowlist: ['openai', 'anthropic', 'openai'], providerDenylist: ['deepseek'], defaultProviderOrder: ['anthropic'] },
    });
    const { settings } = await getTeamSettings({ ctx: team.viewer.ctx, input: { team: team.slug } });
    expect(settings).toMatchObject({ zeroDataRetention: true, providerAllowlist: ['openai', 'anthropic'], providerDenylist: ['deepseek'], defaultProviderOrder: ['anthropic'] });
    expect(t.invalidated.teams).toContain(team.id);
    await updateTeamSettings({ ctx: team.owner.ctx, input: { team: team.id, providerAllowlist: [] } });
    expect((await getTeamSettings({ ctx: team.owner.ctx, input: { team: team.id } })).settings.providerAllowlist).toBeNull();
  });

  it('turns prompt caching on by default for the team (off until an admin does), and a viewer cannot', async () => {
    const team = await t.team();
    expect((await getTeamSettings({ ctx: team.viewer.ctx, input: { team: team.id } })).settings.promptCachingAuto).toBe(false);
    expect(await rejection(updateTeamSettings({ ctx: team.viewer.ctx, input: { team: team.id, promptCachingAuto: true } }))).toBe('forbidden');
    await updateTeamSettings({ ctx: team.admin.ctx, input: { team: team.id, promptCachingAuto: true } });
    expect((await getTeamSettings({ ctx: team.viewer.ctx, input: { team: team.id } })).settings.promptCachingAuto).toBe(true);
    expect(t.invalidated.teams).toContain(team.id);
  });

  it('refuses unknown providers', async () => {
    const team = await t.team();
    await expect(updateTeamSettings({ ctx: team.admin.ctx, input: { team: team.id, providerDenylist: ['nope'] } })).rejects.toThrow(/Unknown provider 'nope'/);
  });

  it('rejects a viewer, a member, and a member of another team', async () => {
    const team = await t.team();
    const other = await t.team();
    expect(await rejection(updateTeamSettings({ ctx: team.viewer.ctx, input: { team: team.id, zeroDataRetention: true } }))).toBe('forbidden');
    expect(await rejection(updateTeamSettings({ ctx: team.member.ctx, input: { team: team.id, zeroDataRetention: true } }))).toBe('forbidden');
    expect(await rejection(updateTeamSettings({ ctx: other.owner.ctx, input: { team: team.id, zeroDataRetention: true } }))).toBe('not_found');
    expect(await rejection(getTeamSettings({ ctx: other.owner.ctx, input: { team: team.id } }))).toBe('not_found');
  });
});

describe('setTeamPlan', () => {
  it('is for instance admins only, and only to known plans', async () => {
    const team = await t.team();
    const admin = await t.user({ instanceAdmin: true });
    expect(await rejection(setTeamPlan({ ctx: team.owner.ctx, input: { team: team.id, plan: 'unlimited' } }))).toBe('forbidden');
    expect(await rejection(setTeamPlan({ ctx: admin.ctx, input: { team: team.id, plan: 'platinum' } }))).toBe('invalid_request');
    await setTeamPlan({ ctx: admin.ctx, input: { team: team.slug, plan: 'unlimited' } });
    expect((await findTeam(t.db, team.id))?.plan).toBe('unlimited');
    expect(t.invalidated.teams).toContain(team.id);
  });
});
