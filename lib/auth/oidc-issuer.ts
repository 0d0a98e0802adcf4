import type { AddressPolicy } from '../net/address-policy';
import { outboundUrlProblem } from '../net/outbound-url';

/** Issuers are compared as tokens carry them in `iss`, less any trailing slash. */
export function normalizeIssuer(issuer: string): string {
  return issuer.trim().replace(/\/+$/, '');
}

/**
 * Why `url` cannot be an issuer or a key-set address, or undefined when it can. A team chooses
 * it, so it must lead to a public address unless the operator allowed the host; keys fetched
 * over plain HTTP could be swapped in transit, so HTTPS is required except on a host the
 * operator named in GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS (an issuer inside their own network).
 */
export function issuerUrlProblem(url: string, policy: AddressPolicy): string | undefined {
  const problem = outboundUrlProblem(url, policy);
  if (problem) return problem;
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' || policy.namedByOperator(parsed.hostname)) return undefined;
  return 'must use https (plain http only for a host the operator allows in GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS)';
}

/**
 * The issuer's `jwks_uri` from its OpenID discovery document. The document must name the
 * same issuer, as OpenID Connect Discovery requires, so one issuer cannot vouch for another's
 * keys; and the key-set address must pass the same rules as the issuer, since the issuer's
 * owner (a team's choice) chose it. `fetchImpl` is the guarded one: it checks the address it
 * connects to and follows no redirect.
 */
export async function discoverJwksUri(issuer: string, fetchImpl: typeof fetch, policy: AddressPolicy, timeoutMs = 5_000): Promise<string> {
  const problem = issuerUrlProblem(issuer, policy);
  if (problem) throw new Error(`issuer ${problem}`);
  const response = await fetchImpl(`${issuer}/.well-known/openid-configuration`, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`discovery answered HTTP ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof document.issuer !== 'string' || normalizeIssuer(document.issuer) !== issuer) throw new Error('discovery document names another issuer');
  if (typeof document.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
  const jwksProblem = issuerUrlProblem(document.jwks_uri, policy);
  if (jwksProblem) throw new Error(`jwks_uri ${jwksProblem}`);
  return document.jwks_uri;
}
