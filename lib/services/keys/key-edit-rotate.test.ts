import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { findApiKeyByHash } from '@/db/queries/api-keys';
import { apiKeys, auditLog } from '@/db/schema';
import { hashApiKey } from '../../crypto/api-keys';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { createApiKey } from './create-api-key';
import { getApiKey } from './get-api-key';
import { revokeApiKey } from './revoke-api-key';
import { rotateApiKey } from './rotate-api-key';
import { updateApiKey } from './update-api-key';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

const audit = async (teamId: string, action: string) => t.db.select().from(auditLog).where(and(eq(auditLog.teamId, teamId), eq(auditLog.action, action)));

describe('updateApiKey', () => {
  it('lets an admin change name, expiry and every limit, audited, and drops the key cache', async () => {
    const team = await t.team();
    const key = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'backend' } });
    const before = t.invalidated.apiKeys;
    const expiresAt = new Date(Date.now() + 86_400_000);
    await updateApiKey({
      ctx: team.admin.ctx,
      input: { keyId: key.id, team: team.slug, name: 'backend-prod', expiresAt, spendLimit: '12.5', spendLimitPeriod: 'month', requestsPerMinute: 60, tokensPerMinute: 90_000, maxConcurrentRequests: 4 },
    });
    expect(t.invalidated.apiKeys).toBe(before + 1);
    const detail = await getApiKey({ ctx: team.viewer.ctx, input: { keyId: key.id, team: team.id } });
    expect(detail).toMatchObject({
      name: 'backend-prod',
      spendLimitMicros: 12_500_000,
      spendLimitPeriod: 'month',
      requestsPerMinute: 60,
      tokensPerMinute: 90_000,
      maxConcurrentRequests: 4,
      createdByEmail: team.member.email,
      status: 'active',
    });
    expect(detail.expiresAt?.getTime()).toBe(expiresAt.getTime());
    // null lifts a limit and the expiry.
    await updateApiKey({ ctx: team.owner.ctx, input: { keyId: key.id, expiresAt: null, spendLimit: null, requestsPerMinute: null } });
    expect(await getApiKey({ ctx: team.viewer.ctx, input: { keyId: key.id } })).toMatchObject({ expiresAt: null, spendLimitMicros: null, requestsPerMinute: null, tokensPerMinute: 90_000 });
    const [entry] = await audit(team.id, 'api_key.update');
    expect(entry).toMatchObject({ actor: `user:${team.admin.id}`, target: key.id, data: expect.objectContaining({ name: 'backend-prod', spendLimitMicros: 12_500_000 }) });
    expect(JSON.stringify(await audit(team.id, 'api_key.update'))).not.toContain(key.key);
  });

  it('lets a member rename their own key but not lift its limits, nor touch another’s; rejects a viewer', async () => {
    const team = await t.team();
    const own = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'mine', spendLimitMicros: 1_000_000 } });
    const admins = await createApiKey({ ctx: team.admin.ctx, input: { team: team.id, name: 'admins' } });
    await updateApiKey({ ctx: team.member.ctx, input: { keyId: own.id, name: 'mine, renamed' } });
    expect(await rejection(updateApiKey({ ctx: team.member.ctx, input: { keyId: own.id, spendLimit: null } }))).toBe('forbidden');
    expect(await rejection(updateApiKey({ ctx: team.member.ctx, input: { keyId: own.id, expiresAt: null } }))).toBe('forbidden');
    expect(await rejection(updateApiKey({ ctx: team.member.ctx, input: { keyId: admins.id, name: 'taken' } }))).toBe('forbidden');
    expect(await rejection(updateApiKey({ ctx: team.viewer.ctx, input: { keyId: own.id, name: 'x' } }))).toBe('forbidden');
    expect(await getApiKey({ ctx: team.viewer.ctx, input: { keyId: own.id } })).toMatchObject({ name: 'mine, renamed', spendLimitMicros: 1_000_000 });
  });

  it('refuses nonsense, an empty change, an unknown key, another team’s key and a revoked key', async () => {
    const team = await t.team();
    const other = await t.team();
    const key = await createApiKey({ ctx: team.admin.ctx, input: { team: team.id, name: 'k' } });
    await expect(updateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, spendLimit: '-5' } })).rejects.toBeInstanceOf(ZodError);
    await expect(updateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, requestsPerMinute: 3_000_000_000 } })).rejects.toBeInstanceOf(ZodError);
    await expect(updateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, name: ' ' } })).rejects.toBeInstanceOf(ZodError);
    expect(await rejection(updateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id } }))).toBe('invalid_request');
    expect(await rejection(updateApiKey({ ctx: team.admin.ctx, input: { keyId: 'key_nope', name: 'x' } }))).toBe('not_found');
    expect(await rejection(updateApiKey({ ctx: other.owner.ctx, input: { keyId: key.id, name: 'x' } }))).toBe('not_found');
    expect(await rejection(updateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, team: other.id, name: 'x' } }))).toBe('not_found');
    await revokeApiKey({ ctx: team.admin.ctx, input: { keyId: key.id } });
    expect(await rejection(updateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, name: 'x' } }))).toBe('invalid_request');
  });
});

describe('rotateApiKey', () => {
  it('issues a new secret once, keeps the key’s id, limits and spend, and accepts the old one until the grace ends', async () => {
    const team = await t.team();
    const key = await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'svc', spendLimitMicros: 3_000_000 } });
    const before = t.invalidated.apiKeys;
    const rotated = await rotateApiKey({ ctx: team.member.ctx, input: { keyId: key.id, grace: '1h' } });
    expect(t.invalidated.apiKeys).toBe(before + 1);
    expect(rotated.key).not.toBe(key.key);
    expect(rotated).toMatchObject({ id: key.id, previousPrefix: key.prefix, prefix: rotated.key.slice(0, 10) });
    const current = await findApiKeyByHash(t.db, hashApiKey(rotated.key));
    const previous = await findApiKeyByHash(t.db, hashApiKey(key.key));
    expect(current).toMatchObject({ id: key.id, graceUntil: null, spendLimitMicros: 3_000_000 });
    expect(previous?.id).toBe(key.id);
    expect(previous!.graceUntil!.getTime()).toBe(rotated.previousValidUntil.getTime());
    expect(rotated.previousValidUntil.getTime() - Date.now()).toBeGreaterThan(3_590_000);
    const detail = await getApiKey({ ctx: team.viewer.ctx, input: { keyId: key.id } });
    expect(detail).toMatchObject({ prefix: rotated.prefix, previousValidUntil: rotated.previousValidUntil });
    expect(detail.rotatedAt).not.toBeNull();
    // Only hashes are stored; the audit row names prefixes and the grace, never a secret.
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(JSON.stringify(row)).not.toContain(rotated.key);
    const [entry] = await audit(team.id, 'api_key.rotate');
    expect(entry).toMatchObject({ target: key.id, data: { grace: '1h', prefix: rotated.prefix, previousPrefix: key.prefix } });
    expect(JSON.stringify(entry)).not.toContain(rotated.key);
  });

  it('a second rotation ends the older secret at once; grace "now" ends the replaced one at once', async () => {
    const team = await t.team();
    const key = await createApiKey({ ctx: team.admin.ctx, input: { team: team.id, name: 'svc' } });
    const second = await rotateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, grace: '7d' } });
    const third = await rotateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, grace: 'now' } });
    expect(await findApiKeyByHash(t.db, hashApiKey(key.key))).toBeUndefined();
    expect((await findApiKeyByHash(t.db, hashApiKey(second.key)))!.graceUntil!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await findApiKeyByHash(t.db, hashApiKey(third.key)))!.graceUntil).toBeNull();
    expect((await getApiKey({ ctx: team.viewer.ctx, input: { keyId: key.id } })).previousValidUntil).toBeNull();
  });

  it('rejects a viewer, a member rotating someone else’s key, another team, a revoked key and an unknown grace', async () => {
    const team = await t.team();
    const other = await t.team();
    const key = await createApiKey({ ctx: team.admin.ctx, input: { team: team.id, name: 'svc' } });
    expect(await rejection(rotateApiKey({ ctx: team.viewer.ctx, input: { keyId: key.id } }))).toBe('forbidden');
    expect(await rejection(rotateApiKey({ ctx: team.member.ctx, input: { keyId: key.id } }))).toBe('forbidden');
    expect(await rejection(rotateApiKey({ ctx: other.owner.ctx, input: { keyId: key.id } }))).toBe('not_found');
    await expect(rotateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id, grace: '30d' as never } })).rejects.toBeInstanceOf(ZodError);
    await revokeApiKey({ ctx: team.admin.ctx, input: { keyId: key.id } });
    expect(await rejection(rotateApiKey({ ctx: team.admin.ctx, input: { keyId: key.id } }))).toBe('invalid_request');
    expect(await findApiKeyByHash(t.db, hashApiKey(key.key))).toMatchObject({ graceUntil: null, revokedAt: expect.any(Date) });
  });
});

describe('createApiKey on a member’s behalf', () => {
  it('makes the key the member’s (it stops when they leave) when an admin asks', async () => {
    const team = await t.team();
    const key = await createApiKey({ ctx: t.cli, input: { team: team.slug, name: 'for member', createdBy: team.member.id } });
    expect(key.createdBy).toBe(team.member.id);
    expect(await getApiKey({ ctx: team.viewer.ctx, input: { keyId: key.id } })).toMatchObject({ createdByEmail: team.member.email });
    const [entry] = await audit(team.id, 'api_key.create');
    expect(entry).toMatchObject({ actor: 'cli', data: { createdBy: team.member.id } });
    const byAdmin = await createApiKey({ ctx: team.admin.ctx, input: { team: team.id, name: 'by admin', createdBy: team.member.id } });
    expect(byAdmin.createdBy).toBe(team.member.id);
  });

  it('refuses a member acting for someone else, a viewer as holder, and a user outside the team', async () => {
    const team = await t.team();
    const other = await t.team();
    expect(await rejection(createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'x', createdBy: team.admin.id } }))).toBe('forbidden');
    expect(await rejection(createApiKey({ ctx: t.cli, input: { team: team.id, name: 'x', createdBy: team.viewer.id } }))).toBe('invalid_request');
    expect(await rejection(createApiKey({ ctx: t.cli, input: { team: team.id, name: 'x', createdBy: other.member.id } }))).toBe('not_found');
    // Naming oneself is the ordinary case.
    expect((await createApiKey({ ctx: team.member.ctx, input: { team: team.id, name: 'x', createdBy: team.member.id } })).createdBy).toBe(team.member.id);
  });
});
