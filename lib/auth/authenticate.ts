import type { GatewayDeps } from '../gateway/deps';
import { authenticateApiKey, readApiKey, type Principal } from './api-key-auth';
import { authenticatePlaygroundToken, isPlaygroundToken } from './playground-token';

/** Every credential the gateway accepts: API keys, and the console playground's short-lived tokens. */
export async function authenticate(deps: GatewayDeps, headers: Headers): Promise<Principal> {
  const token = readApiKey(headers);
  if (token && isPlaygroundToken(token) && deps.playgroundTokens) return authenticatePlaygroundToken(deps.db, deps.playgroundTokens, token);
  return authenticateApiKey(deps.db, deps.keyCache, headers, (keyId) => deps.meter.keySpendWritten(keyId));
}
