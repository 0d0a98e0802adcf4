import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { eq } from 'drizzle-orm';
import { auditLog, users } from '@/db/schema';
import { freshDatabase } from '@/test/harness';
import { routeAdminRequest } from '../../admin-api/router';
import { hashPassword } from '../../crypto/passwords';
import { createLogger } from '../../logger';
import { createInvite } from '../members/create-invite';
import { issueSetupToken } from '../setup/issue-setup-token';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { changePassword } from '../users/change-password';
import { listAuditLog } from './list-audit-log';

/**
 * The audit log read (GET /api/admin/audit and the console pages' verb): who may read which
 * entries, the filters, and that no secret a change carried ever reaches an entry.
 */
const TOKEN = 'admin-token-for-audit-tests-0123456789';
let services: TestServices;
let drop: () => Promise<void>;
let acme: Awaited<ReturnType<TestServices['team']>>;
let globex: Awaited<ReturnType<TestServices['team']>>;
const secrets: string[] = [];

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await routeAdminRequest(
    { adminToken: TOKEN, logger: createLogger('silent'), serviceContext: () => services.as({ kind: 'admin-token' }) },
    new Request(`http://gatehouse.test/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { data: Array<Record<string, unknown>>; nextCursor: string | null } };
};

beforeAll(async () => {
  const database = await freshDatabase();
  drop = database.drop;
  services = await openTestServices({ url: database.url });
  // A setup token exists only while nobody has an account.
  const setup = await issueSetupToken({ ctx: services.cli });
  secrets.push(setup!.token);
  acme = await services.team('Acme audit');
  globex = await services.team('Globex audit');
});
afterAll(async () => {
  await services?.close();
  await drop?.();
});

describe('no secret reaches the audit log', () => {
  it('after keys, BYOK credentials, OIDC trusts, invites and password changes', async () => {
    const key = await admin('POST', `/teams/${acme.slug}/keys`, { name: 'ci' });
    expect(key.status).toBe(201);
    secrets.push(key.body.key as string);
    const byok = 'sk-byok-secret-0123456789abcdefghijklmnop';
    expect((await admin('POST', `/teams/${acme.slug}/credentials`, { provider: 'openai', apiKey: byok, label: 'prod' })).status).toBe(201);
    secrets.push(byok);
    expect((await admin('POST', `/teams/${acme.slug}/oidc-trusts`, { issuer: 'https://token.actions.githubusercontent.com', audience: 'gatehouse', claimConditions: { sub: 'repo:acme/*' } })).status).toBe(201);
    const invite = await createInvite({ ctx: acme.owner.ctx, input: { team: acme.id, role: 'member' } });
    secrets.push(invite.token);
    const password = 'old password that is long enough';
    await services.db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, acme.owner.id));
    const newPassword = 'the new password nobody may read';
    await changePassword({ ctx: acme.owner.ctx, input: { currentPassword: password, newPassword } });
    secrets.push(password, newPassword);

    const rows = await services.db.select().from(auditLog);
    const actions = rows.map((row) => row.action);
    for (const action of ['api_key.create', 'credential.create', 'oidc_trust.create', 'invite.create', 'user.password_change', 'setup.token']) expect(actions).toContain(action);
    const stored = JSON.stringify(rows);
    for (const secret of secrets) expect(stored).not.toContain(secret);
    // What the API answers is what is stored: the same check on the read path.
    expect(JSON.stringify((await admin('GET', '/audit?limit=200')).body)).not.toMatch(/sk-byok|gth_[0-9A-Za-z]{20}/);
  });

  it('redacts a credential-named field a verb might pass in its data', async () => {
    await insertAuditEntry(services.db, { teamId: globex.id, actor: 'cli', action: 'test.redact', data: { apiKey: 'sk-leak', nested: { client_secret: 'shh', token: 'tok' }, name: 'kept' } });
    const [entry] = (await admin('GET', `/audit?action=test.redact`)).body.data;
    expect(entry.data).toEqual({ apiKey: '[redacted]', nested: { client_secret: '[redacted]', token: '[redacted]' }, name: 'kept' });
  });
});

describe('GET /api/admin/audit', () => {
  it('filters by team, actor, action and time, newest first, in pages', async () => {
    const byTeam = await admin('GET', `/audit?team=${acme.slug}`);
    expect(byTeam.status).toBe(200);
    expect(byTeam.body.data.length).toBeGreaterThan(0);
    expect(byTeam.body.data.every((entry) => entry.teamId === acme.id && entry.teamSlug === acme.slug)).toBe(true);
    const ids = byTeam.body.data.map((entry) => entry.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const byActor = await admin('GET', `/audit?actor=admin-token`);
    expect(byActor.body.data.map((entry) => entry.action)).toEqual(expect.arrayContaining(['api_key.create', 'credential.create', 'oidc_trust.create']));
    expect(byActor.body.data.every((entry) => entry.actor === 'admin-token')).toBe(true);

    const byAction = await admin('GET', `/audit?action=team.create`);
    expect(byAction.body.data.map((entry) => entry.teamId).sort()).toEqual([acme.id, globex.id].sort());

    const today = new Date().toISOString().slice(0, 10);
    expect((await admin('GET', `/audit?from=${today}&to=${today}&action=team.create`)).body.data).toHaveLength(2);
    expect((await admin('GET', `/audit?to=2020-01-01`)).body.data).toHaveLength(0);
    expect((await admin('GET', `/audit?from=2999-01-01T00:00:00Z`)).body.data).toHaveLength(0);

    const first = await admin('GET', `/audit?limit=2`);
    expect(first.body.data).toHaveLength(2);
    const second = await admin('GET', `/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect((second.body.data[0].id as number) < (first.body.data[1].id as number)).toBe(true);
  });

  it('refuses malformed filters and an unknown team', async () => {
    for (const query of ['from=yesterday', 'to=2026-02-30', 'cursor=abc', 'limit=1000', 'from=2026-03-02&to=2026-03-01']) {
      const response = await admin('GET', `/audit?${query}`);
      expect(response.status, query).toBe(400);
    }
    expect((await admin('GET', '/audit?team=nobody')).status).toBe(404);
  });
});

describe('who may read the audit log', () => {
  it('team admins and owners read their team; members, viewers and outsiders do not', async () => {
    await expect(listAuditLog({ ctx: acme.owner.ctx, input: { team: acme.slug } })).resolves.toMatchObject({ data: expect.any(Array) });
    const asAdmin = await listAuditLog({ ctx: acme.admin.ctx, input: { team: acme.id } });
    expect(asAdmin.data.every((entry) => entry.teamId === acme.id)).toBe(true);
    expect(await rejection(listAuditLog({ ctx: acme.member.ctx, input: { team: acme.slug } }))).toBe('forbidden');
    expect(await rejection(listAuditLog({ ctx: acme.viewer.ctx, input: { team: acme.slug } }))).toBe('forbidden');
    expect(await rejection(listAuditLog({ ctx: globex.owner.ctx, input: { team: acme.slug } }))).toBe('not_found');
  });

  it('only instance admins read the whole install', async () => {
    expect(await rejection(listAuditLog({ ctx: acme.owner.ctx, input: {} }))).toBe('forbidden');
    const instanceAdmin = await services.user({ instanceAdmin: true });
    const all = await listAuditLog({ ctx: instanceAdmin.ctx, input: { limit: 200 } });
    expect(new Set(all.data.map((entry) => entry.teamId))).toEqual(new Set([null, acme.id, globex.id]));
  });
});

describe('hostile filter text', () => {
  it('is a 400 or an empty answer, never a database error', async () => {
    for (const query of ['actor=%00', 'action=a%00b', 'team=%00', 'actor=%F0%9F%92%A5', `actor=${'x'.repeat(201)}`, 'from=2026-03-01T00:00:00%2B99:00']) {
      const response = await admin('GET', `/audit?${query}`);
      expect(response.status, query).toBeLessThan(500);
    }
  });
});
