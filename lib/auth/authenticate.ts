import type { GatewayDeps } from '../gateway/deps';
import type { HeaderReader } from '../gateway/types';
import { authenticateApiKey, readApiKey, type Principal } from './api-key-auth';
import { looksLikeJwt } from './oidc-auth';
import { authenticatePlaygroundToken, isPlaygroundToken } from './playground-token';

/** Every credential the gateway accepts: API keys, the console playground's short-lived tokens, and JWTs from OIDC issuers a team trusts. */
export async function authenticate(deps: GatewayDeps, headers: HeaderReader): Promise<Principal> {
  const token = readApiKey(headers);
  if (token && isPlaygroundToken(token) && deps.playgroundTokens) return authenticatePlaygroundToken(deps.db, deps.playgroundTokens, token);
  if (token && looksLikeJwt(token)) return deps.oidc.authenticate(token);
  return authenticateApiKey(deps.db, deps.keyCache, headers, (keyId) => deps.meter.keySpendWritten(keyId));
}
