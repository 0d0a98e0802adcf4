import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRole } from '@/db/queries/memberships';
import { createLogger } from '../logger';
import { createApiKey } from '../services/keys/create-api-key';
import { openTestServices, type TestServices } from '../services/test-services';
import { routeAdminRequest } from './router';

/**
 * The admin API's team-as-code routes: settings, members, invites, keys on a member's behalf,
 * key read, edit and rotation. Each: the happy path, a malformed body (400), a wrong token
 * (401), an unknown team, user or key (404).
 */
const TOKEN = 'admin-token-for-team-route-tests-0123';
let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

async function admin(method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await routeAdminRequest(
    { adminToken: TOKEN, logger: createLogger('silent'), serviceContext: () => t.as({ kind: 'admin-token' }) },
    new Request(`http://gatehouse.test/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const envelope = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

describe('every new route refuses a wrong token with 401 and the admin envelope', () => {
  it.each([
    ['GET', '/teams/x/settings'],
    ['PATCH', '/teams/x/settings'],
    ['GET', '/teams/x/members'],
    ['POST', '/teams/x/members'],
    ['PATCH', '/teams/x/members/u'],
    ['DELETE', '/teams/x/members/u'],
    ['GET', '/teams/x/invites'],
    ['POST', '/teams/x/invites'],
    ['DELETE', '/teams/x/invites/i'],
    ['GET', '/keys/k'],
    ['PATCH', '/keys/k'],
    ['POST', '/keys/k/rotate'],
  ])('%s %s', async (method, path) => {
    const answer = await admin(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, 'wrong-token-wrong-token-wrong');
    expect(answer).toEqual({ status: 401, body: envelope('unauthorized') });
  });
});

describe('team settings', () => {
  it('reads and changes the policy and the plan, refusing unknown fields and providers', async () => {
    const team = await t.team();
    const read = await admin('GET', `/teams/${team.slug}/settings`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ team: { id: team.id, slug: team.slug }, settings: { providerAllowlist: null, zeroDataRetention: false } });
    const patched = await admin('PATCH', `/teams/${team.slug}/settings`, { providerAllowlist: ['openai', 'anthropic'], zeroDataRetention: true, defaultProviderOrder: ['anthropic'], plan: 'free' });
    expect(patched).toMatchObject({ status: 200, body: { providerAllowlist: ['openai', 'anthropic'], zeroDataRetention: true, plan: 'free' } });
    expect((await admin('GET', `/teams/${team.id}/settings`)).body).toMatchObject({ team: { plan: 'free' }, settings: { providerAllowlist: ['openai', 'anthropic'], zeroDataRetention: true, defaultProviderOrder: ['anthropic'] } });
    expect(t.invalidated.teams).toContain(team.id);
    expect(await admin('PATCH', `/teams/${team.slug}/settings`, { zeroDataRetention: 'yes' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('PATCH', `/teams/${team.slug}/settings`, { providerAllowlist: ['nope'] })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('PATCH', `/teams/${team.slug}/settings`, { zeroDataRetentoin: true })).toEqual({ status: 400, body: envelope('invalid_request') });
    // A bad plan leaves the policy untouched.
    expect((await admin('PATCH', `/teams/${team.slug}/settings`, { zeroDataRetention: false, plan: 'no-such-plan' })).status).toBe(400);
    expect((await admin('GET', `/teams/${team.id}/settings`)).body.settings.zeroDataRetention).toBe(true);
    expect(await admin('PATCH', `/teams/${team.slug}/settings`, '{not json')).toEqual({ status: 400, body: envelope('invalid_json') });
    expect(await admin('GET', '/teams/no-such-team/settings')).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('PATCH', '/teams/no-such-team/settings', { zeroDataRetention: true })).toEqual({ status: 404, body: envelope('not_found') });
  });
});

describe('members', () => {
  it('adds (creating the account), lists, changes the role of and removes a member', async () => {
    const team = await t.team();
    const email = `ops-${Date.now()}@example.com`;
    const added = await admin('POST', `/teams/${team.slug}/members`, { email, role: 'member' });
    expect(added).toMatchObject({ status: 201, body: { userId: expect.stringMatching(/^user_/), role: 'member', userCreated: true } });
    const userId = added.body.userId as string;
    const listed = await admin('GET', `/teams/${team.slug}/members`);
    expect(listed.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ userId, email, role: 'member', liveKeys: 0 })]));
    expect(JSON.stringify(listed.body)).not.toMatch(/password/i);
    expect(await admin('PATCH', `/teams/${team.slug}/members/${userId}`, { role: 'admin' })).toMatchObject({ status: 200, body: { userId, role: 'admin' } });
    expect(await findRole(t.db, team.id, userId)).toBe('admin');
    expect(await admin('DELETE', `/teams/${team.slug}/members/${userId}`)).toMatchObject({ status: 200, body: { removed: true } });
    expect(await findRole(t.db, team.id, userId)).toBeUndefined();
  });

  it('answers 400 for a bad email or role, 409 for a conflicting role, 404 for an unknown team or user', async () => {
    const team = await t.team();
    expect(await admin('POST', `/teams/${team.slug}/members`, { email: 'nope', role: 'member' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', `/teams/${team.slug}/members`, { email: 'a@example.com', role: 'king' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', `/teams/${team.slug}/members`, { email: team.member.email, role: 'viewer' })).toMatchObject({ status: 409 });
    expect(await admin('PATCH', `/teams/${team.slug}/members/${team.member.id}`, { role: 'emperor' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', '/teams/no-such-team/members', { email: 'a@example.com', role: 'member' })).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('GET', '/teams/no-such-team/members')).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('PATCH', `/teams/${team.slug}/members/user_nobody`, { role: 'viewer' })).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('DELETE', `/teams/${team.slug}/members/user_nobody`)).toEqual({ status: 404, body: envelope('not_found') });
  });
});

describe('invites', () => {
  it('creates (token once, with its path), lists (never the token) and withdraws', async () => {
    const team = await t.team();
    const created = await admin('POST', `/teams/${team.slug}/invites`, { role: 'viewer', expiresInDays: 3 });
    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^inv_/), role: 'viewer', token: expect.any(String) } });
    expect(created.body.path).toBe(`/invite/${created.body.token}`);
    const listed = await admin('GET', `/teams/${team.slug}/invites`);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: created.body.id, role: 'viewer' })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect(await admin('DELETE', `/teams/${team.slug}/invites/${created.body.id}`)).toMatchObject({ status: 200, body: { revoked: true } });
    expect((await admin('GET', `/teams/${team.slug}/invites`)).body.data).toEqual([]);
    expect(await admin('DELETE', `/teams/${team.slug}/invites/${created.body.id}`)).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('POST', `/teams/${team.slug}/invites`, { role: 'viewer', expiresInDays: 90 })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', '/teams/no-such-team/invites', { role: 'viewer' })).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('GET', '/teams/no-such-team/invites')).toEqual({ status: 404, body: envelope('not_found') });
  });
});

describe('keys', () => {
  it('creates a key on a member’s behalf, reads it, edits it and rotates it', async () => {
    const team = await t.team();
    const created = await admin('POST', `/teams/${team.slug}/keys`, { name: 'for member', createdBy: team.member.id, spendLimit: '5' });
    expect(created).toMatchObject({ status: 201, body: { name: 'for member', createdBy: team.member.id, key: expect.stringMatching(/^gth_/) } });
    const id = created.body.id as string;
    const read = await admin('GET', `/keys/${id}`);
    expect(read).toMatchObject({ status: 200, body: { id, createdByEmail: team.member.email, spendLimitMicros: 5_000_000, status: 'active', lastUsedAt: null } });
    expect(JSON.stringify(read.body)).not.toMatch(/hash|gth_[0-9A-Za-z]{36}/i);
    const edited = await admin('PATCH', `/keys/${id}`, { name: 'renamed', expiresAt: '2099-01-01T00:00:00Z', requestsPerMinute: 30, tokensPerMinute: 1000, spendLimit: 7, spendLimitPeriod: 'day' });
    expect(edited).toMatchObject({ status: 200, body: { id, name: 'renamed', requestsPerMinute: 30, spendLimitMicros: 7_000_000, spendLimitPeriod: 'day' } });
    expect((await admin('GET', `/keys/${id}`)).body).toMatchObject({ name: 'renamed', expiresAt: '2099-01-01T00:00:00.000Z', tokensPerMinute: 1000 });
    const rotated = await admin('POST', `/keys/${id}/rotate`, { grace: '1h' });
    expect(rotated).toMatchObject({ status: 201, body: { id, key: expect.stringMatching(/^gth_/), previousPrefix: created.body.prefix } });
    expect(rotated.body.key).not.toBe(created.body.key);
    expect((await admin('GET', `/keys/${id}`)).body).toMatchObject({ prefix: rotated.body.prefix, previousValidUntil: rotated.body.previousValidUntil });
    // Without a grace: the default, 24 hours.
    const again = await admin('POST', `/keys/${id}/rotate`, {});
    expect(Date.parse(again.body.previousValidUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);
  });

  it('answers 400 for malformed bodies and 404 for unknown teams, users and keys', async () => {
    const team = await t.team();
    const other = await t.team();
    const { id } = await createApiKey({ ctx: t.cli, input: { team: team.id, name: 'k' } });
    expect(await admin('POST', `/teams/${team.slug}/keys`, { name: '' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', `/teams/${team.slug}/keys`, { name: 'k', spendLimit: 'lots' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', `/teams/${team.slug}/keys`, { name: 'k', createdBy: other.member.id })).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('POST', '/teams/no-such-team/keys', { name: 'k' })).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('PATCH', `/keys/${id}`, { requestsPerMinute: -1 })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('PATCH', `/keys/${id}`, { rpm: 10 })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('PATCH', `/keys/${id}`, {})).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('PATCH', `/keys/${id}`, { expiresAt: 'soon' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', `/keys/${id}/rotate`, { grace: 'forever' })).toEqual({ status: 400, body: envelope('invalid_request') });
    expect(await admin('POST', `/keys/${id}/rotate`, { now: '2020-01-01T00:00:00Z' })).toMatchObject({ status: 201 });
    expect(await admin('GET', '/keys/key_unknown')).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('PATCH', '/keys/key_unknown', { name: 'x' })).toEqual({ status: 404, body: envelope('not_found') });
    expect(await admin('POST', '/keys/key_unknown/rotate', {})).toEqual({ status: 404, body: envelope('not_found') });
  });
});
