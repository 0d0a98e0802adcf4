import fc from 'fast-check';
import { describe, it } from 'vitest';
import { authHeaders, headerValue } from './doors';
import { ADMIN_TOKEN, fuzz, fuzzThenCheckUsage, hostileExchange, json, PROPERTY_TIMEOUT_MS, setUpFuzzTarget, type FuzzTarget } from './fuzz-target';
import { almostValidBody, notJsonBody } from './hostile';
import { hostileSegment, hostileTarget, method } from './paths';

// The admin API: without the token nothing but 401/403; with it, almost-valid bodies and hostile
// path parameters get a 4xx in the admin envelope, never a 500, and billing carries on.
const target = setUpFuzzTarget();
const admin: [string, string] = ['authorization', `Bearer ${ADMIN_TOKEN}`];

/** Each admin route that takes a body, with a valid one. Only the attacker's team and objects no bystander uses are touched. */
const writeRoutes = (t: FuzzTarget): Array<{ method: string; path: string; body: unknown }> => [
  { method: 'POST', path: '/api/admin/teams', body: { name: 'Fuzz team', slug: 'fuzz-team', plan: 'pro', initialCredits: '1.50' } },
  { method: 'POST', path: `/api/admin/teams/${t.attacker.id}/keys`, body: { name: 'fuzz key', spendLimit: '2.00', spendLimitPeriod: 'day', expiresAt: '2030-01-01T00:00:00Z' } },
  { method: 'POST', path: `/api/admin/teams/${t.attacker.id}/credits`, body: { amount: '0.25', note: 'fuzz' } },
  { method: 'POST', path: `/api/admin/teams/${t.attacker.id}/credentials`, body: { provider: 'openai', apiKey: 'sk-fuzz', label: 'fuzz', zeroDataRetention: false, modelMappings: { 'openai/gpt-4o': 'gpt-4o' } } },
  { method: 'POST', path: '/api/admin/models', body: { id: 'fuzzco/model-1', name: 'Fuzz', kind: 'language', provider: 'groq', upstreamModelId: 'fuzz-1', inputPrice: '1', outputPrice: '2', capabilities: ['tool-use'] } },
  { method: 'PUT', path: '/api/admin/plans/fuzz-plan', body: { name: 'Fuzz plan', requestsPerMinute: 100, tokensPerMinute: 10_000, monthlyCredits: '1', byokAllowed: true } },
  { method: 'PUT', path: `/api/admin/teams/${t.attacker.id}/plan`, body: { plan: 'fuzz-plan' } },
  { method: 'PATCH', path: `/api/admin/keys/${t.attacker.keyId}`, body: { requestsPerMinute: 1000, tokensPerMinute: null, spendLimit: '100', spendLimitPeriod: 'month' } },
  { method: 'PUT', path: `/api/admin/teams/${t.attacker.id}/quotas/fuzz-entity`, body: { period: 'day', requestLimit: 10 } },
  { method: 'PUT', path: '/api/admin/providers/groq', body: { zeroDataRetention: true, trainsOnPrompts: false, headquarters: 'US', enabled: true } },
  { method: 'PATCH', path: `/api/admin/teams/${t.attacker.id}/settings`, body: { providerDenylist: ['xai'], disallowPromptTraining: false, defaultProviderOrder: [] } },
  { method: 'POST', path: `/api/admin/teams/${t.attacker.id}/members`, body: { email: 'fuzz-member@example.com', role: 'viewer', name: 'Fuzz' } },
  { method: 'POST', path: `/api/admin/teams/${t.attacker.id}/invites`, body: { role: 'viewer', expiresInDays: 2 } },
];

const readRoutes = ['/api/admin/teams', '/api/admin/plans', '/api/admin/providers', '/api/admin/teams/x/keys', '/api/admin/teams/x/credentials', '/api/admin/teams/x/quotas', '/api/admin/teams/x/oidc-trusts', '/api/admin/teams/x/settings', '/api/admin/teams/x/members', '/api/admin/teams/x/invites', '/api/admin/keys/x', '/api/admin/oidc-trusts/x', '/api/admin/models/a/b/offerings/c', '/api/admin/teams/x/usage', '/api/admin/audit', '/api/admin', '/api/admin/'];

describe('admin API', () => {
  it('without the admin token: hostile paths, methods, bodies and credentials never get past authentication', async () => {
    await fuzzThenCheckUsage(target, () =>
      fuzz(
        80,
        fc.asyncProperty(
          hostileTarget(readRoutes),
          method,
          fc.oneof(fc.constant(null).chain(() => authHeaders(target().attacker.key)), headerValue.map((value): Array<[string, Buffer]> => [['authorization', Buffer.concat([Buffer.from('Bearer '), value])]]), fc.constant<Array<[string, string]>>([['authorization', `Bearer ${ADMIN_TOKEN}x`]])),
          notJsonBody,
          async (path, verb, auth, body) => {
            const answer = await hostileExchange(target(), { method: verb, target: path, headers: [...auth, json], body });
            if (answer.status < 400 || answer.status >= 500) throw new Error(`${verb} ${path} without the admin token → ${answer.status}: ${answer.text.slice(0, 200)}`);
          },
        ),
      ),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('with the token: almost-valid bodies on every write route', async () => {
    await fuzzThenCheckUsage(target, () =>
      fuzz(
        100,
        fc.asyncProperty(
          fc.constant(null).chain(() => fc.constantFrom(...writeRoutes(target())).chain((route) => almostValidBody(route.body).map((body) => ({ ...route, body })))),
          async (route) => {
            await hostileExchange(target(), { method: route.method, target: route.path, headers: [admin, json], body: route.body });
          },
        ),
      ),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('with the token: hostile path parameters and methods', async () => {
    await fuzzThenCheckUsage(target, () =>
      fuzz(
        80,
        fc.asyncProperty(hostileTarget(readRoutes), method, notJsonBody, async (path, verb, body) => {
          await hostileExchange(target(), { method: verb, target: path, headers: [admin, json], body });
        }),
      ),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('with the token: hostile ids in every route parameter', async () => {
    const parameter = fc.oneof(hostileSegment, fc.constant(null).map(() => target().attacker.id));
    await fuzzThenCheckUsage(target, () =>
      fuzz(
        80,
        fc.asyncProperty(
          fc.constant(null).chain(() => fc.constantFrom(...writeRoutes(target()), { method: 'GET', path: '/api/admin/teams/:p/keys', body: undefined }, { method: 'DELETE', path: '/api/admin/keys/:p', body: undefined }, { method: 'DELETE', path: '/api/admin/oidc-trusts/:p', body: undefined }, { method: 'PATCH', path: '/api/admin/oidc-trusts/:p', body: { enabled: false } }, { method: 'PUT', path: '/api/admin/models/:p/:p/offerings/:p', body: { inputPrice: '1', outputPrice: '1' } }, { method: 'DELETE', path: '/api/admin/teams/:p/quotas/:p', body: undefined }, { method: 'POST', path: '/api/admin/keys/:p/rotate', body: { grace: 'now' } }, { method: 'PATCH', path: '/api/admin/teams/:p/members/:p', body: { role: 'viewer' } }, { method: 'DELETE', path: '/api/admin/teams/:p/invites/:p', body: undefined })),
          fc.array(parameter, { minLength: 3, maxLength: 3 }),
          async (route, [first, second, third]) => {
            // Every id in the route's path (a team, key or plan id, a slug) replaced, one by one.
            const values = [first, second, third];
            const path = route.path.replace(/(?<=\/)(team_[0-9a-f]+|key_[0-9a-f]+|fuzz-plan|fuzz-entity|groq|:p)(?=\/|$)/g, () => values.shift() ?? 'x');
            await hostileExchange(target(), { method: route.method, target: path, headers: [admin, json], body: route.body === undefined ? undefined : JSON.stringify(route.body) });
          },
        ),
      ),
    );
  }, PROPERTY_TIMEOUT_MS);
});
