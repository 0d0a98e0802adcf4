import { listCredentials } from '@/db/queries/provider-credentials';
import { getTeamSettings } from '@/db/queries/teams';
import type { Principal } from '../../auth/api-key-auth';
import type { CatalogModel, Offering } from '../../catalog/types';
import type { GatewayDeps } from '../../gateway/deps';
import { GatewayError } from '../../gateway/errors';
import { modelListRefusal } from '../../gateway/model-policy';
import { planAttempts, type ByokCredential } from '../../gateway/plan';
import { getProvider } from '../../providers/registry';
import type { ServiceContext } from '../context';

/** What the explorer and the playground need from the gateway's wiring. */
export type CatalogDeps = Pick<GatewayDeps, 'catalog' | 'systemConnection' | 'providerFacts' | 'plan'>;

export type TeamOffering = Offering & {
  providerName: string;
  /** The gateway would route a plain request for this model to this provider for this team. */
  usable: boolean;
  /** Whose keys it would use, in the order they would be tried. */
  credentials: Array<'byok' | 'system'>;
  /** Why not, when not usable: 'policy' (team settings), 'credentials' (no key), 'plan' (BYOK not in plan). */
  blockedBy: 'policy' | 'credentials' | 'plan' | null;
  reason: string | null;
};

export type TeamModel = Omit<CatalogModel, 'offerings'> & {
  offerings: TeamOffering[];
  usable: boolean;
  /** The team's model allowlist or denylist refuses it: 'allowlist' | 'denylist', with the gateway's words. */
  blockedByModelList: { list: 'allowlist' | 'denylist'; reason: string } | null;
};

type TeamContext = {
  principal: Principal;
  byok: ByokCredential[];
  byokAllowed: boolean;
};

/**
 * The team's view of routing: its policy, its enabled BYOK credentials (without their
 * secrets: only which providers they cover matters here) and whether its plan allows BYOK.
 */
export async function loadTeamContext(ctx: ServiceContext, deps: CatalogDeps, team: { id: string; plan: string }): Promise<TeamContext> {
  const [settings, credentials, plan] = await Promise.all([getTeamSettings(ctx.db, team.id), listCredentials(ctx.db, team.id), deps.plan(team.plan)]);
  if (!settings) throw new GatewayError('not_found', 'The team has no settings.');
  const principal: Principal = {
    teamId: team.id,
    apiKeyId: null,
    plan: team.plan,
    settings,
    spendLimitMicros: null,
    spendLimitPeriod: 'total',
    spentMicros: 0,
    requestsPerMinute: null,
    tokensPerMinute: null,
  };
  const byok = credentials
    .filter((credential) => credential.enabled)
    .map((credential) => ({ ...credential, apiKey: '', baseURL: credential.baseUrl }));
  return { principal, byok, byokAllowed: plan?.byokAllowed ?? true };
}

/**
 * Asks the gateway's own planner, one provider at a time, whether a plain request for this
 * model would be routed for this team, so the console never disagrees with the gateway.
 */
function describeOffering(deps: CatalogDeps, team: TeamContext, model: CatalogModel, offering: Offering): TeamOffering {
  const base = { ...offering, providerName: getProvider(offering.provider)?.name ?? offering.provider };
  try {
    const attempts = planAttempts({
      requestedModel: model.id,
      options: {},
      principal: team.principal,
      lookupModel: () => ({ ...model, offerings: [offering] }),
      byok: team.byok,
      system: deps.systemConnection,
      facts: deps.providerFacts,
    });
    const credentials = attempts.map((attempt) => attempt.credential.type).filter((type) => team.byokAllowed || type === 'system');
    if (credentials.length === 0) {
      return { ...base, usable: false, credentials: [], blockedBy: 'plan', reason: "Only the team's own key serves this provider, and the plan does not include BYOK." };
    }
    return { ...base, usable: true, credentials: [...new Set(credentials)], blockedBy: null, reason: null };
  } catch (error) {
    const known = error instanceof GatewayError;
    return {
      ...base,
      usable: false,
      credentials: [],
      blockedBy: known && error.code === 'no_credentials' ? 'credentials' : 'policy',
      reason: known ? error.message : 'Not routable.',
    };
  }
}

export function describeTeamModel(deps: CatalogDeps, team: TeamContext, model: CatalogModel): TeamModel {
  const offerings = model.offerings.map((offering) => describeOffering(deps, team, model, offering));
  const refusal = modelListRefusal(model.id, { team: team.principal.settings });
  const blockedByModelList = refusal ? { list: refusal.includes('denylist') ? ('denylist' as const) : ('allowlist' as const), reason: refusal } : null;
  return { ...model, offerings, usable: offerings.some((offering) => offering.usable), blockedByModelList };
}
