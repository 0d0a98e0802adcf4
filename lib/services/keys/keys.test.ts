import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

describe('API keys from the console', () => {
  it('lets members create keys and lists them with creator and status, never the hash', async () => {
    const team = await t.team();
    const created = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'backend', spendLimitMicros: 5_000_000 } });
    const keys = await listApiKeys({ ctx: team.viewer.ctx, input: { team: team.slug } });
    expect(keys).toEqual([expect.objectContaining({ id: created.id, createdByEmail: team.member.email, status: 'active', spendLimitMicros: 5_000_000 })]);
    expect(JSON.stringify(keys)).not.toContain(created.key);
    expect(Object.keys(keys[0])).not.toContain('hash');
  });

  it('rejects a viewer creating keys and a member revoking them', async () => {
    const team = await t.team();
    expect(await rejection(createApiKey({ ctx: team.viewer.ctx, input: { team: team.id, name: 'nope' } }))).toBe('forbidden');
    const created = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'mine' } });
    expect(await rejection(revokeApiKey({ ctx: team.member.ctx, input: { keyId: created.id, team: team.id } }))).toBe('forbidden');
    await revokeApiKey({ ctx: team.admin.ctx, input: { keyId: created.id, team: team.slug } });
    expect((await listApiKeys({ ctx: team.viewer.ctx, input: { team: team.id } }))[0].status).toBe('revoked');
  });

  it('rejects a member of another team, also when revoking within their own team’s scope', async () => {
    const team = await t.team();
    const other = await t.team();
    const created = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'theirs' } });
    expect(await rejection(createApiKey({ ctx: other.owner.ctx, input: { team: team.id, name: 'x' } }))).toBe('not_found');
    expect(await rejection(listApiKeys({ ctx: other.owner.ctx, input: { team: team.id } }))).toBe('not_found');
    expect(await rejection(revokeApiKey({ ctx: other.owner.ctx, input: { keyId: created.id } }))).toBe('not_found');
    const admin = await t.user({ instanceAdmin: true });
    expect(await rejection(revokeApiKey({ ctx: admin.ctx, input: { keyId: created.id, team: other.id } }))).toBe('not_found');
  });
});
