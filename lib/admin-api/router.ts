import { z } from 'zod';
import { GatewayError, toGatewayError } from '../gateway/errors';
import type { Logger } from '../logger';
import { dollarsSchema } from '../money';
import type { ServiceContext } from '../services/context';
import { addCredential } from '../services/credentials/add-credential';
import { listCredentials } from '../services/credentials/list-credentials';
import { grantCredits } from '../services/credits/grant-credits';
import { listApiKeys } from '../services/keys/list-api-keys';
import { revokeApiKey } from '../services/keys/revoke-api-key';
import { addOidcTrust } from '../services/oidc/add-oidc-trust';
import { listOidcTrusts } from '../services/oidc/list-oidc-trusts';
import { removeOidcTrust } from '../services/oidc/remove-oidc-trust';
import { setOidcTrustEnabled } from '../services/oidc/set-oidc-trust-enabled';
import { createTeam } from '../services/teams/create-team';
import { setUserDisabled } from '../services/users/set-user-disabled';
import { listTeams } from '../services/teams/list-teams';
import { addCustomModel, setModelPrice } from '../services/catalog/manage-models';
import type { ProviderHealth } from '../gateway/provider-health';
import { getProvider, type ProviderDefinition } from '../providers/registry';
import { listProviders } from '../services/providers/list-providers';
import { updateProviderFacts } from '../services/providers/update-provider-facts';
import { setApiKeyModels } from '../services/keys/set-api-key-models';
import { createBudget } from '../services/budgets/create-budget';
import { deleteBudget } from '../services/budgets/delete-budget';
import { listTeamBudgets } from '../services/budgets/list-budgets';
import { listPlans, savePlan } from '../services/plans/manage-plans';
import { listUsageDeadLetters } from '../services/usage/list-dead-letters';
import { setTeamPlan } from '../services/teams/set-team-plan';
import { listEntityQuotas, removeEntityQuota, setEntityQuota } from '../services/quotas/manage-entity-quotas';
import { decodePathSegment } from '../http/decode-path';
import { authenticateAdmin } from './authenticate';
import { readRoutes } from './read-routes';
import { teamRoutes } from './team-routes';
import { alertRoutes } from './alert-routes';

export type AdminDeps = {
  adminToken: string | undefined;
  logger: Logger;
  serviceContext(actor: { kind: 'admin-token' }): ServiceContext;
  gateway?: { health: ProviderHealth; systemConnection(provider: ProviderDefinition): { configured: boolean } };
};

export type Route = { method: string; pattern: RegExp; run(ctx: ServiceContext, params: string[], body: unknown, deps: AdminDeps): Promise<unknown> };

const optionalDollars = dollarsSchema.optional();

const routes: Route[] = [
  // GET /api/admin/teams
  { method: 'GET', pattern: /^\/teams$/, run: async (ctx) => ({ data: await listTeams({ ctx }) }) },
  // POST /api/admin/teams
  {
    method: 'POST',
    pattern: /^\/teams$/,
    run: async (ctx, _params, body) => {
      const input = z.looseObject({ initialCredits: optionalDollars }).parse(body);
      return createTeam({ ctx, input: { ...(body as object), initialCreditsMicros: input.initialCredits } as never });
    },
  },
  // GET /api/admin/teams/:team/keys
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/keys$/, run: async (ctx, [team]) => ({ data: await listApiKeys({ ctx, input: { team } }) }) },
  // PATCH /api/admin/users/:user (id or email) { disabled }
  { method: 'PATCH', pattern: /^\/users\/([^/]+)$/, run: (ctx, [user], body) => setUserDisabled({ ctx, input: { ...(body as object), user } as never }) },
  // DELETE /api/admin/keys/:id
  { method: 'DELETE', pattern: /^\/keys\/([^/]+)$/, run: (ctx, [keyId]) => revokeApiKey({ ctx, input: { keyId } }) },
  // GET /api/admin/teams/:team/oidc-trusts
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/oidc-trusts$/, run: async (ctx, [team]) => ({ data: await listOidcTrusts({ ctx, input: { team } }) }) },
  // POST /api/admin/teams/:team/oidc-trusts
  { method: 'POST', pattern: /^\/teams\/([^/]+)\/oidc-trusts$/, run: (ctx, [team], body) => addOidcTrust({ ctx, input: { ...(body as object), team } as never }) },
  // PATCH /api/admin/oidc-trusts/:id
  { method: 'PATCH', pattern: /^\/oidc-trusts\/([^/]+)$/, run: (ctx, [trustId], body) => setOidcTrustEnabled({ ctx, input: { ...(body as object), trustId } as never }) },
  // DELETE /api/admin/oidc-trusts/:id
  { method: 'DELETE', pattern: /^\/oidc-trusts\/([^/]+)$/, run: (ctx, [trustId]) => removeOidcTrust({ ctx, input: { trustId } }) },
  // POST /api/admin/teams/:team/credits
  {
    method: 'POST',
    pattern: /^\/teams\/([^/]+)\/credits$/,
    run: async (ctx, [team], body) => {
      const input = z.object({ amount: dollarsSchema, note: z.string().optional() }).parse(body);
      return grantCredits({ ctx, input: { team, amountMicros: input.amount, note: input.note } });
    },
  },
  // GET /api/admin/teams/:team/credentials
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/credentials$/, run: async (ctx, [team]) => ({ data: await listCredentials({ ctx, input: { team } }) }) },
  // POST /api/admin/teams/:team/credentials
  { method: 'POST', pattern: /^\/teams\/([^/]+)\/credentials$/, run: (ctx, [team], body) => addCredential({ ctx, input: { ...(body as object), team } as never }) },
  // POST /api/admin/models
  { method: 'POST', pattern: /^\/models$/, run: (ctx, _params, body) => addCustomModel({ ctx, input: body as never }) },
  // PUT /api/admin/models/:creator/:model/offerings/:provider
  {
    method: 'PUT',
    pattern: /^\/models\/([^/]+\/[^/]+)\/offerings\/([^/]+)$/,
    run: (ctx, [modelId, provider], body) => setModelPrice({ ctx, input: { ...(body as object), modelId, provider } as never }),
  },
  // GET /api/admin/plans
  { method: 'GET', pattern: /^\/plans$/, run: async (ctx) => ({ data: await listPlans({ ctx }) }) },
  // PUT /api/admin/plans/:id
  { method: 'PUT', pattern: /^\/plans\/([^/]+)$/, run: (ctx, [id], body) => savePlan({ ctx, input: { ...(body as object), id } as never }) },
  // PUT /api/admin/teams/:team/plan
  { method: 'PUT', pattern: /^\/teams\/([^/]+)\/plan$/, run: (ctx, [team], body) => setTeamPlan({ ctx, input: { team, plan: (body as { plan?: string }).plan ?? '' } }) },
  // PUT /api/admin/keys/:id/models { allow, deny }
  { method: 'PUT', pattern: /^\/keys\/([^/]+)\/models$/, run: (ctx, [keyId], body) => setApiKeyModels({ ctx, input: { ...(body as object), keyId } as never }) },
  // GET /api/admin/teams/:team/budgets
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/budgets$/, run: async (ctx, [team]) => ({ data: await listTeamBudgets({ ctx, input: { team } }) }) },
  // POST /api/admin/teams/:team/budgets { scope, subject, period, limit }
  { method: 'POST', pattern: /^\/teams\/([^/]+)\/budgets$/, run: (ctx, [team], body) => createBudget({ ctx, input: { ...(body as object), team } as never }) },
  // DELETE /api/admin/teams/:team/budgets/:id
  { method: 'DELETE', pattern: /^\/teams\/([^/]+)\/budgets\/([^/]+)$/, run: (ctx, [team, budgetId]) => deleteBudget({ ctx, input: { team, budgetId } }) },
  // GET /api/admin/teams/:team/quotas
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/quotas$/, run: async (ctx, [team]) => ({ data: await listEntityQuotas({ ctx, input: { team } }) }) },
  // PUT /api/admin/teams/:team/quotas/:entity
  {
    method: 'PUT',
    pattern: /^\/teams\/([^/]+)\/quotas\/([^/]+)$/,
    run: (ctx, [team, entityId], body) => setEntityQuota({ ctx, input: { ...(body as object), team, entityId } as never }),
  },
  // DELETE /api/admin/teams/:team/quotas/:entity
  { method: 'DELETE', pattern: /^\/teams\/([^/]+)\/quotas\/([^/]+)$/, run: (ctx, [team, entityId]) => removeEntityQuota({ ctx, input: { team, entityId } }) },
  // GET /api/admin/providers
  {
    method: 'GET',
    pattern: /^\/providers$/,
    run: async (ctx, _params, _body, deps) => ({
      data: await listProviders({ ctx, configured: (slug) => Boolean(deps.gateway && getProvider(slug) && deps.gateway.systemConnection(getProvider(slug)!).configured) }),
      health: deps.gateway?.health.view() ?? [],
    }),
  },
  // GET /api/admin/usage/dead-letters?limit=&before=
  { method: 'GET', pattern: /^\/usage\/dead-letters$/, run: (ctx, _params, query) => listUsageDeadLetters({ ctx, input: query as never }) },
  // PUT /api/admin/providers/:slug
  { method: 'PUT', pattern: /^\/providers\/([^/]+)$/, run: (ctx, [slug], body) => updateProviderFacts({ ctx, input: { ...(body as object), slug } as never }) },
  ...teamRoutes,
  ...readRoutes,
  ...alertRoutes,
];

function errorBody(error: GatewayError) {
  const headers = error.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) };
  return Response.json({ error: { code: error.code, message: error.message, param: error.param } }, { status: error.status, headers });
}

/** `/api/admin/*`: admin-token auth, zod-validated input, one service verb per route. */
export async function routeAdminRequest(deps: AdminDeps, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\/admin/, '');
  try {
    authenticateAdmin(request.headers, deps.adminToken);
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match || route.method !== request.method) continue;
      // A GET's query parameters stand in for its body.
      let body: unknown = request.method === 'GET' ? Object.fromEntries(url.searchParams) : {};
      if (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH') {
        const text = await request.text();
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          throw new GatewayError('invalid_json', 'The request body is not valid JSON.');
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
      }
      const params = match.slice(1).map(decodePathSegment);
      const result = await route.run(deps.serviceContext({ kind: 'admin-token' }), params, body, deps);
      // Exports answer with a streamed download of their own.
      if (result instanceof Response) return result;
      return Response.json(result, { status: request.method === 'POST' ? 201 : 200 });
    }
    throw new GatewayError('not_found', `No admin route for ${request.method} ${path}.`);
  } catch (error) {
    if (error instanceof z.ZodError) return errorBody(GatewayError.fromZod(error));
    const gatewayError = toGatewayError(error);
    if (gatewayError.code === 'internal') deps.logger.error('admin request failed', { path, error: (error as Error)?.stack ?? String(error) });
    return errorBody(gatewayError);
  }
}
