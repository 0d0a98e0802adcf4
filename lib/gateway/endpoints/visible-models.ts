import { readApiKey } from '../../auth/api-key-auth';
import { authenticate } from '../../auth/authenticate';
import type { Principal } from '../../auth/api-key-auth';
import type { CatalogModel } from '../../catalog/types';
import { GatewayError } from '../errors';
import type { GatewayDeps } from '../deps';
import { planAttempts } from '../plan';
import type { HeaderReader } from '../types';

/** A listed model, and (for a caller with a key) the providers its team may reach it through. */
export type VisibleModel = { model: CatalogModel; providers?: Set<string> };

/**
 * The catalog as the caller may use it. With a key (or token), a model is listed when a request
 * for it would be routed: the same plan the gateway makes (team allowlist and denylist, ZDR,
 * prompt-training policy, disabled providers, credentials), so the list cannot drift from what
 * is served (the console's explorer asks the same planner: lib/services/models/team-availability.ts). Without one, the whole catalog, as before: listing stays open to anonymous callers.
 * A credential that is sent but invalid is a 401, like on every other route.
 */
export async function visibleModels(deps: GatewayDeps, headers: HeaderReader): Promise<VisibleModel[]> {
  const all = (await deps.catalog.list()).sort((a, b) => a.id.localeCompare(b.id));
  const everything = () => all.map((model) => ({ model }));
  if (!readApiKey(headers)) return everything();
  let principal: Principal;
  try {
    principal = await authenticate(deps, headers);
  } catch (error) {
    // OpenAI's clients must send some key; listing with a placeholder ('unused') worked before.
    if (error instanceof GatewayError && error.status === 401) return everything();
    throw error;
  }
  const [byok, plan] = await Promise.all([deps.byokCredentials(principal.teamId), deps.plan(principal.plan)]);
  // As admission does: a plan without BYOK serves only through system credentials.
  const systemOnly = plan ? !plan.byokAllowed : false;
  const visible: VisibleModel[] = [];
  for (const model of all) {
    try {
      const attempts = planAttempts({
        requestedModel: model.id,
        options: {},
        principal,
        lookupModel: (id) => (id === model.id ? model : undefined),
        byok,
        system: deps.systemConnection,
        facts: deps.providerFacts,
      });
      const usable = systemOnly ? attempts.filter((attempt) => attempt.credential.type === 'system') : attempts;
      if (usable.length > 0) visible.push({ model, providers: new Set(usable.map((attempt) => attempt.provider.slug)) });
    } catch {
      // Not routable for this team: not listed.
    }
  }
  return visible;
}
