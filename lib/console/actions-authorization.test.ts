import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertMembership, type TeamRole } from '@/db/queries/memberships';
import { insertUser } from '@/db/queries/users';
import { parseEnv } from '@/lib/env';
import { createRuntime, setRuntime, type Runtime } from '@/lib/runtime';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { addCredential } from '@/lib/services/credentials/add-credential';
import { addOidcTrust } from '@/lib/services/oidc/add-oidc-trust';
import { createAlertRule } from '@/lib/services/alerts/manage-alert-rules';
import { createWebhook } from '@/lib/services/alerts/manage-webhooks';
import { createTeam } from '@/lib/services/teams/create-team';
import { startFakeUpstream, type FakeUpstream } from '@/test/fake-upstream';

/**
 * The console's server actions, called as each kind of user would call them: the session is
 * the only thing faked. Each action must check the session and the role in the team it
 * touches; other teams answer 404, lower roles a "needs the … role" error.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId }, expires: new Date(Date.now() + 60_000).toISOString() } : null),
  signIn: async () => {},
  signOut: async () => {},
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const keys = await import('@/app/(console)/t/[team]/keys/actions');
const credentials = await import('@/app/(console)/t/[team]/credentials/actions');
const members = await import('@/app/(console)/t/[team]/members/actions');
const settings = await import('@/app/(console)/t/[team]/settings/actions');
const credits = await import('@/app/(console)/t/[team]/credits/actions');
const oidc = await import('@/app/(console)/t/[team]/oidc/actions');
const alerts = await import('@/app/(console)/t/[team]/alerts/actions');

let runtime: Runtime;
let upstream: FakeUpstream;
let team: { id: string; slug: string };
const users = {} as Record<TeamRole | 'outsider' | 'instanceAdmin', string>;

async function newUser(instanceAdmin = false) {
  const id = `user_${randomUUID().slice(0, 8)}`;
  await insertUser(runtime.database.db, { id, email: `${id}@example.com`, isInstanceAdmin: instanceAdmin });
  return id;
}

beforeAll(async () => {
  upstream = await startFakeUpstream({ name: 'openai' });
  runtime = await createRuntime(
    parseEnv({ GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_LOG_LEVEL: 'silent', GATEHOUSE_PUBLIC_URL: 'http://gatehouse.test', OPENAI_BASE_URL: `${upstream.url}/v1` }),
  );
  setRuntime(Promise.resolve(runtime));
  const db = runtime.database.db;
  users.owner = await newUser();
  team = await createTeam({ ctx: runtime.serviceContext({ kind: 'user', userId: users.owner, isInstanceAdmin: false }), input: { name: 'Acme' } });
  for (const role of ['admin', 'member', 'viewer'] as const) {
    users[role] = await newUser();
    await insertMembership(db, { teamId: team.id, userId: users[role], role });
  }
  users.instanceAdmin = await newUser(true);
  users.outsider = await newUser();
  await createTeam({ ctx: runtime.serviceContext({ kind: 'user', userId: users.outsider, isInstanceAdmin: false }), input: { name: 'Outsiders' } });
});
afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

type Outcome = 'ok' | 'forbidden' | 'not-found' | 'sign-in' | string;

/** What happened to one call, in the words of the matrix below. */
async function outcome(userId: string | null, call: () => Promise<unknown>): Promise<Outcome> {
  session.userId = userId;
  try {
    const result = (await call()) as { ok: boolean; error?: string; message?: string } | undefined;
    if (!result || result.ok) return 'ok';
    if (/needs the \w+ role|Only (instance admins|an? \w+ or above)/.test(result.error ?? result.message ?? '')) return 'forbidden';
    return `error: ${result.error ?? result.message}`;
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? '');
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;404')) return 'not-found';
    if (digest.startsWith('NEXT_REDIRECT') && digest.includes('/login')) return 'sign-in';
    throw error;
  } finally {
    session.userId = null;
  }
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

const ctxCli = () => runtime.serviceContext({ kind: 'cli' });
const freshKey = async () => (await createApiKey({ ctx: ctxCli(), input: { team: team.id, name: 'k' } })).id;
const freshCredential = async () => (await addCredential({ ctx: ctxCli(), input: { team: team.id, provider: 'openai', apiKey: 'sk-abcdefghijk' } })).id;
const freshTrust = async () =>
  (await addOidcTrust({ ctx: ctxCli(), input: { team: team.id, issuer: 'https://issuer.example.com', audience: 'gatehouse', claimConditions: { sub: 'repo:acme/*' } } })).id;
const freshWebhook = async () => (await createWebhook({ ctx: ctxCli(), input: { team: team.id, url: 'https://93.184.216.34/hook' } })).id;
const freshRule = async () => (await createAlertRule({ ctx: ctxCli(), input: { team: team.id, kind: 'key_spend', thresholds: [80] } })).id;
const freshMember = async () => {
  const id = await newUser();
  await insertMembership(runtime.database.db, { teamId: team.id, userId: id, role: 'member' });
  return id;
};

/** Every console mutation with the least role that may call it. */
const actions: Array<{ name: string; minimum: TeamRole | 'instance-admin'; run: () => Promise<() => Promise<unknown>> }> = [
  { name: 'create API key', minimum: 'member', run: async () => () => keys.createKeyAction(team.slug, undefined, form({ name: 'ci' })) },
  { name: 'revoke API key', minimum: 'admin', run: async () => { const id = await freshKey(); return () => keys.revokeKeyAction(team.slug, id); } },
  { name: 'add provider key', minimum: 'admin', run: async () => () => credentials.addCredentialAction(team.slug, undefined, form({ provider: 'openai', apiKey: 'sk-new-byok-key' })) },
  { name: 'test provider key', minimum: 'admin', run: async () => () => credentials.testCredentialAction(team.slug, form({ provider: 'openai', apiKey: 'sk-test' })) },
  { name: 'disable provider key', minimum: 'admin', run: async () => { const id = await freshCredential(); return () => credentials.setCredentialEnabledAction(team.slug, id, false); } },
  { name: 'delete provider key', minimum: 'admin', run: async () => { const id = await freshCredential(); return () => credentials.deleteCredentialAction(team.slug, id); } },
  { name: 'add OIDC trust', minimum: 'admin', run: async () => () => oidc.addOidcTrustAction(team.slug, undefined, form({ issuer: 'https://token.actions.githubusercontent.com', audience: 'gatehouse', claimConditions: 'sub=repo:acme/app:*' })) },
  { name: 'disable OIDC trust', minimum: 'admin', run: async () => { const id = await freshTrust(); return () => oidc.setOidcTrustEnabledAction(team.slug, id, false); } },
  { name: 'delete OIDC trust', minimum: 'admin', run: async () => { const id = await freshTrust(); return () => oidc.removeOidcTrustAction(team.slug, id); } },
  { name: 'add webhook', minimum: 'admin', run: async () => () => alerts.createWebhookAction(team.slug, undefined, form({ url: 'https://93.184.216.34/hook' })) },
  { name: 'disable webhook', minimum: 'admin', run: async () => { const id = await freshWebhook(); return () => alerts.setWebhookEnabledAction(team.slug, id, false); } },
  { name: 'delete webhook', minimum: 'admin', run: async () => { const id = await freshWebhook(); return () => alerts.deleteWebhookAction(team.slug, id); } },
  { name: 'add alert rule', minimum: 'admin', run: async () => () => alerts.createAlertRuleAction(team.slug, undefined, form({ kind: 'low_balance', thresholds: '5, 1' })) },
  { name: 'disable alert rule', minimum: 'admin', run: async () => { const id = await freshRule(); return () => alerts.setAlertRuleEnabledAction(team.slug, id, false); } },
  { name: 'delete alert rule', minimum: 'admin', run: async () => { const id = await freshRule(); return () => alerts.deleteAlertRuleAction(team.slug, id); } },
  { name: 'acknowledge alerts', minimum: 'admin', run: async () => () => alerts.acknowledgeAlertsAction(team.slug) },
  { name: 'create invite', minimum: 'admin', run: async () => () => members.createInviteAction(team.slug, undefined, form({ role: 'viewer' })) },
  { name: 'change role', minimum: 'admin', run: async () => { const id = await freshMember(); return () => members.changeRoleAction(team.slug, id, 'viewer'); } },
  { name: 'remove member', minimum: 'admin', run: async () => { const id = await freshMember(); return () => members.removeMemberAction(team.slug, id); } },
  { name: 'save routing policy', minimum: 'admin', run: async () => () => settings.saveRoutingPolicyAction(team.slug, undefined, form({ zeroDataRetention: 'on' })) },
  { name: 'low-balance threshold', minimum: 'admin', run: async () => () => credits.setThresholdAction(team.slug, undefined, form({ threshold: '2' })) },
  { name: 'change plan', minimum: 'instance-admin', run: async () => () => settings.setPlanAction(team.slug, undefined, form({ plan: 'pro' })) },
  { name: 'grant credits', minimum: 'instance-admin', run: async () => () => credits.grantCreditsAction(team.slug, undefined, form({ amount: '1' })) },
];

const ladder = ['viewer', 'member', 'admin', 'owner', 'instance-admin'] as const;
const expected = (minimum: (typeof actions)[number]['minimum'], who: (typeof ladder)[number]) => (ladder.indexOf(who) >= ladder.indexOf(minimum) ? 'ok' : 'forbidden');

describe('console actions: session and team role', () => {
  it.each(actions)('$name: $minimum and above may, others may not', async (action) => {
    const seen: Record<string, Outcome> = {};
    const want: Record<string, Outcome> = {};
    for (const who of ladder) {
      const userId = who === 'instance-admin' ? users.instanceAdmin : users[who];
      seen[who] = await outcome(userId, await action.run());
      want[who] = expected(action.minimum, who);
    }
    seen.outsider = await outcome(users.outsider, await action.run());
    want.outsider = 'not-found';
    seen.anonymous = await outcome(null, await action.run());
    want.anonymous = 'sign-in';
    expect(seen).toEqual(want);
  });

  it('answers 404 for a team that does not exist, as for one the user is not in', async () => {
    expect(await outcome(users.owner, () => keys.createKeyAction('no-such-team', undefined, form({ name: 'x' })))).toBe('not-found');
  });

  it('names the field at fault when an OIDC trust form is wrong', async () => {
    const addAsAdmin = async (fields: Record<string, string>) => {
      session.userId = users.admin;
      try {
        return await oidc.addOidcTrustAction(team.slug, undefined, form({ issuer: 'https://issuer.example.com', audience: 'gatehouse', claimConditions: 'sub=repo:acme/*', ...fields }));
      } finally {
        session.userId = null;
      }
    };
    expect(await addAsAdmin({ issuer: 'http://issuer.example.com' })).toMatchObject({ ok: false, field: 'issuer', error: expect.stringContaining('https') });
    expect(await addAsAdmin({ audience: ' ' })).toMatchObject({ ok: false, field: 'audience', error: expect.stringContaining('Enter the audience') });
    expect(await addAsAdmin({ claimConditions: '' })).toMatchObject({ ok: false, field: 'claimConditions', error: expect.stringContaining('at least one claim condition') });
    expect(await addAsAdmin({ claimConditions: 'sub' })).toMatchObject({ ok: false, field: 'claimConditions', error: expect.stringContaining('line 1') });
  });

  it('never revokes another team’s key through this team’s page', async () => {
    const otherTeam = await createTeam({ ctx: ctxCli(), input: { name: 'Elsewhere' } });
    await insertMembership(runtime.database.db, { teamId: otherTeam.id, userId: users.admin, role: 'admin' });
    const keyId = (await createApiKey({ ctx: ctxCli(), input: { team: otherTeam.id, name: 'theirs' } })).id;
    expect(await outcome(users.admin, () => keys.revokeKeyAction(team.slug, keyId))).toMatch(/^error: .*not found/);
  });
});
