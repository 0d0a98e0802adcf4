import { z } from 'zod';
import { dollarsSchema } from '../money';
import { createApiKey } from '../services/keys/create-api-key';
import { getApiKey } from '../services/keys/get-api-key';
import { rotateApiKey } from '../services/keys/rotate-api-key';
import { updateApiKey, updateApiKeyInput } from '../services/keys/update-api-key';
import { addMember } from '../services/members/add-member';
import { changeRole } from '../services/members/change-role';
import { createInvite } from '../services/members/create-invite';
import { listMembers } from '../services/members/list-members';
import { removeMember } from '../services/members/remove-member';
import { revokeInvite } from '../services/members/revoke-invite';
import { getTeamSettings } from '../services/teams/get-team-settings';
import { setTeamPlan } from '../services/teams/set-team-plan';
import { updateTeamSettings, updateTeamSettingsInput } from '../services/teams/update-team-settings';
import type { Route } from './router';

/**
 * A team managed as code: everything its console pages change (settings, members, invites,
 * keys) through the same verbs the console's server actions call. Bodies are read field by
 * field, so a body cannot smuggle in a path parameter or a verb's test-only option.
 */
const object = (body: unknown) => body as Record<string, unknown>;

export const teamRoutes: Route[] = [
  // GET /api/admin/teams/:team/settings
  {
    method: 'GET',
    pattern: /^\/teams\/([^/]+)\/settings$/,
    run: async (ctx, [team]) => {
      const { team: found, settings } = await getTeamSettings({ ctx, input: { team } });
      const { teamId: _teamId, ...policy } = settings;
      return { team: found, settings: policy };
    },
  },
  // PATCH /api/admin/teams/:team/settings { providerAllowlist, providerDenylist, defaultProviderOrder, zeroDataRetention, disallowPromptTraining, byokFallbackToSystem, storeBodies, bodyRetentionDays, redactionPatterns, plan }
  {
    method: 'PATCH',
    pattern: /^\/teams\/([^/]+)\/settings$/,
    run: async (ctx, [team], body) => {
      const { plan, ...policy } = object(body);
      // Both halves are checked before either is saved.
      const input = updateTeamSettingsInput.strict().parse({ ...policy, team });
      if (plan !== undefined) z.string().trim().min(1).max(32).parse(plan);
      const planChange = plan === undefined ? {} : await setTeamPlan({ ctx, input: { team, plan: plan as string } });
      const changed = Object.keys(input).length > 1 ? await updateTeamSettings({ ctx, input }) : {};
      return { ...changed, ...planChange };
    },
  },
  // GET /api/admin/teams/:team/members
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/members$/, run: async (ctx, [team]) => ({ data: (await listMembers({ ctx, input: { team } })).members }) },
  // POST /api/admin/teams/:team/members { email, role, name? } → { userId, role, added, userCreated }
  {
    method: 'POST',
    pattern: /^\/teams\/([^/]+)\/members$/,
    run: (ctx, [team], body) => addMember({ ctx, input: { team, email: object(body).email as string, role: object(body).role as never, name: object(body).name as never } }),
  },
  // PATCH /api/admin/teams/:team/members/:userId { role }
  { method: 'PATCH', pattern: /^\/teams\/([^/]+)\/members\/([^/]+)$/, run: (ctx, [team, userId], body) => changeRole({ ctx, input: { team, userId, role: object(body).role as never } }) },
  // DELETE /api/admin/teams/:team/members/:userId
  { method: 'DELETE', pattern: /^\/teams\/([^/]+)\/members\/([^/]+)$/, run: (ctx, [team, userId]) => removeMember({ ctx, input: { team, userId } }) },
  // GET /api/admin/teams/:team/invites
  { method: 'GET', pattern: /^\/teams\/([^/]+)\/invites$/, run: async (ctx, [team]) => ({ data: (await listMembers({ ctx, input: { team } })).invites }) },
  // POST /api/admin/teams/:team/invites { role, expiresInDays? } → { id, role, expiresAt, token, path }
  {
    method: 'POST',
    pattern: /^\/teams\/([^/]+)\/invites$/,
    run: async (ctx, [team], body) => {
      const invite = await createInvite({ ctx, input: { team, role: object(body).role as never, expiresInDays: object(body).expiresInDays as never } });
      return { ...invite, path: `/invite/${invite.token}` };
    },
  },
  // DELETE /api/admin/teams/:team/invites/:id
  { method: 'DELETE', pattern: /^\/teams\/([^/]+)\/invites\/([^/]+)$/, run: (ctx, [team, inviteId]) => revokeInvite({ ctx, input: { team, inviteId } }) },
  // POST /api/admin/teams/:team/keys { name, createdBy?, expiresAt?, spendLimit?, spendLimitPeriod?, maxConcurrentRequests? }
  {
    method: 'POST',
    pattern: /^\/teams\/([^/]+)\/keys$/,
    run: async (ctx, [team], body) => {
      const { name, createdBy, expiresAt, spendLimit, spendLimitPeriod, maxConcurrentRequests } = object(body);
      const spendLimitMicros = dollarsSchema.refine((micros) => micros > 0, 'the spend limit must be more than $0').optional().parse(spendLimit);
      return createApiKey({ ctx, input: { team, name, createdBy, expiresAt: expiresAt ?? undefined, spendLimitMicros, spendLimitPeriod, maxConcurrentRequests } as never });
    },
  },
  // GET /api/admin/keys/:id
  { method: 'GET', pattern: /^\/keys\/([^/]+)$/, run: (ctx, [keyId]) => getApiKey({ ctx, input: { keyId } }) },
  // PATCH /api/admin/keys/:id { name, expiresAt, requestsPerMinute, tokensPerMinute, maxConcurrentRequests, spendLimit, spendLimitPeriod }
  {
    method: 'PATCH',
    pattern: /^\/keys\/([^/]+)$/,
    run: (ctx, [keyId], body) => {
      // Unknown fields (a typo) are refused rather than silently ignored; the verb parses again.
      updateApiKeyInput.omit({ team: true }).strict().parse({ ...object(body), keyId });
      return updateApiKey({ ctx, input: { ...object(body), keyId } as never });
    },
  },
  // POST /api/admin/keys/:id/rotate { grace: now|1h|24h|7d } → { id, key, prefix, previousPrefix, previousValidUntil }
  { method: 'POST', pattern: /^\/keys\/([^/]+)\/rotate$/, run: (ctx, [keyId], body) => rotateApiKey({ ctx, input: { keyId, grace: object(body).grace as never } }) },
];
