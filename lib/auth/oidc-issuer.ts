/** Issuers are compared as tokens carry them in `iss`, less any trailing slash. */
export function normalizeIssuer(issuer: string): string {
  return issuer.trim().replace(/\/+$/, '');
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why `url` cannot be an issuer or a key-set address, or undefined when it can. Keys fetched
 * over plain HTTP could be swapped in transit, so HTTPS is required except on this machine.
 */
export function issuerUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return 'must not carry credentials, a query or a fragment';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname)) return undefined;
  return 'must use https (plain http is allowed only for localhost)';
}

/**
 * The issuer's `jwks_uri` from its OpenID discovery document. The document must name the
 * same issuer, as OpenID Connect Discovery requires, so one issuer cannot vouch for another's keys.
 */
export async function discoverJwksUri(issuer: string, fetchImpl: typeof fetch, timeoutMs = 5_000): Promise<string> {
  const response = await fetchImpl(`${issuer}/.well-known/openid-configuration`, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`discovery answered HTTP ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof document.issuer !== 'string' || normalizeIssuer(document.issuer) !== issuer) throw new Error('discovery document names another issuer');
  if (typeof document.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
  const problem = issuerUrlProblem(document.jwks_uri);
  if (problem) throw new Error(`jwks_uri ${problem}`);
  return document.jwks_uri;
}
