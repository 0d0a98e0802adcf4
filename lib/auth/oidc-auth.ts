import { createRemoteJWKSet, customFetch, decodeJwt, errors, jwtVerify, type JWSAlgorithm, type JWTPayload } from 'jose';
import type { Db } from '@/db/client';
import { listEnabledTrustsForIssuer } from '@/db/queries/oidc-trusts';
import { TtlCache } from '../cache/ttl-cache';
import { GatewayError } from '../gateway/errors';
import { boundedBodies } from '../gateway/upstream-limits';
import type { Logger } from '../logger';
import { strictTeamNetwork, type TeamNetwork } from '../net/team-network';
import type { Principal } from './api-key-auth';
import { failedClaim } from './oidc-claims';
import { discoverJwksUri, normalizeIssuer } from './oidc-issuer';

/** Asymmetric algorithms only: a shared-secret (HS*) token could be minted by anyone who can read the JWKS. */
export const OIDC_ALGORITHMS: JWSAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const CLOCK_TOLERANCE_SECONDS = 30;
/** Issuers rarely move their key set; its keys themselves are refreshed by jose (see below). */
const DISCOVERY_TTL_MS = 60 * 60_000;
const MAX_TOKEN_LENGTH = 16_384;
/** The most read of an issuer's discovery document or key set (each a few KB): an issuer is a team's choice. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

type TrustRecord = Awaited<ReturnType<typeof listEnabledTrustsForIssuer>>[number];
type KeySet = ReturnType<typeof createRemoteJWKSet>;

export type OidcAuthenticator = {
  authenticate(token: string): Promise<Principal>;
  /** Drops cached trusts (and the team plans and policies they carry) after an admin change. */
  invalidate(): void;
};

/** A compact JWS whose header is JSON (`eyJ` is `{"` in base64url); API keys and playground tokens never look like this. */
export function looksLikeJwt(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

const refuse = (message: string) => new GatewayError('unauthorized', message);

/** The token's `iss`, unverified: it only picks which trusts (and so which keys) to verify with. */
function unverifiedIssuer(token: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    throw refuse('Malformed OIDC token.');
  }
  if (typeof payload.iss !== 'string' || !payload.iss) throw refuse("The OIDC token has no 'iss' claim.");
  return payload.iss;
}

/** Why jose refused the token, in words a workload's operator can act on; never the token itself. */
function refusal(error: unknown, issuer: string): GatewayError {
  if (error instanceof errors.JWTExpired) return refuse('The OIDC token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return refuse('The OIDC token is not yet valid (nbf is in the future).');
    if (error.claim === 'aud') return refuse(`The OIDC token's audience is not one that issuer ${issuer} is trusted for.`);
    if (error.reason === 'missing') return refuse(`The OIDC token has no '${error.claim}' claim.`);
    return refuse(`The OIDC token's '${error.claim}' claim is invalid.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('The OIDC token signature is invalid.');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse(`The OIDC token signature is invalid: no single key published by issuer ${issuer} matches its key id and algorithm.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse(`The OIDC token's signing algorithm is not allowed; use one of ${OIDC_ALGORITHMS.join(', ')}.`);
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) return refuse('Malformed OIDC token.');
  // Timeouts, HTTP errors and unreadable key sets: the issuer's fault, not the caller's.
  return new GatewayError('upstream_unavailable', `Could not fetch the signing keys of OIDC issuer ${issuer}; try again shortly.`);
}

function principalFor(trust: TrustRecord, payload: JWTPayload): Principal {
  return {
    teamId: trust.teamId,
    apiKeyId: null,
    plan: trust.plan,
    settings: trust.settings,
    spendLimitMicros: null,
    spendLimitPeriod: 'total',
    spentMicros: 0,
    requestsPerMinute: null,
    tokensPerMinute: null,
    subject: oidcSubject(payload.sub),
    memberId: `oidc:${String(payload.sub).slice(0, 512)}`,
  };
}

/**
 * `user:<id>` marks the console playground's calls (lib/auth/playground-token.ts), which the
 * console names after the person: an issuer's `sub` that looks like one is stored as `oidc:user:…`.
 */
function oidcSubject(sub: unknown): string {
  const subject = String(sub);
  return (subject.startsWith('user:') ? `oidc:${subject}` : subject).slice(0, 512);
}

/**
 * Keyless authentication: a JWT from an issuer some team trusts. The unverified `iss` picks the
 * enabled trusts for that issuer; only then is the issuer contacted (so callers cannot make
 * Gatehouse fetch arbitrary URLs) to discover its `jwks_uri`. The signature is verified against
 * that key set, with `exp`, `nbf`, `iss` and the audience checked; then each trust's claim
 * conditions, oldest trust first. The first trust that passes names the team.
 *
 * Key rotation: jose's remote key set refetches when a token names a `kid` it has not seen,
 * at most once per `jwksCooldownMs` (so a flood of made-up kids costs one fetch per window),
 * and refreshes its copy every 10 minutes anyway.
 */
export function createOidcAuthenticator(options: {
  db: Db;
  cacheTtlMs: number;
  /** Issuers are a team's choice: reached only through the guarded network (strict when not given). */
  network?: TeamNetwork;
  /** Defaults to the network's fetch; tests wrap that one to count requests. */
  fetch?: typeof fetch;
  /** Defaults to the cache TTL, within 1–30 s, so made-up key ids cannot turn into a stream of fetches. */
  jwksCooldownMs?: number;
  logger?: Logger;
}): OidcAuthenticator {
  const network = options.network ?? strictTeamNetwork();
  const fetchImpl = boundedBodies(options.fetch ?? network.fetch, MAX_DOCUMENT_BYTES);
  const cooldownDuration = options.jwksCooldownMs ?? Math.min(Math.max(options.cacheTtlMs, 1_000), 30_000);
  const trusts = new TtlCache<TrustRecord[]>(options.cacheTtlMs);
  const jwksUris = new TtlCache<string>(DISCOVERY_TTL_MS);
  // One per key-set address, kept across discovery refreshes so rotation state survives; bounded by the trusted issuers.
  const keySets = new Map<string, KeySet>();

  function keySet(jwksUri: string): KeySet {
    let set = keySets.get(jwksUri);
    if (!set) {
      set = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration, [customFetch]: (url, init) => fetchImpl(url, init) });
      keySets.set(jwksUri, set);
    }
    return set;
  }

  async function verify(token: string, tokenIssuer: string, issuer: string, candidates: TrustRecord[]): Promise<JWTPayload> {
    let jwks: KeySet;
    try {
      jwks = keySet(await jwksUris.get(issuer, () => discoverJwksUri(issuer, fetchImpl, network.policy)));
    } catch (error) {
      options.logger?.warn('OIDC discovery failed', { issuer, error: (error as Error)?.message ?? String(error) });
      throw new GatewayError('upstream_unavailable', `Could not discover the signing keys of OIDC issuer ${issuer}; try again shortly.`);
    }
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: tokenIssuer,
        // Any trusted audience passes here; each trust checks its own below.
        audience: [...new Set(candidates.map((trust) => trust.audience))],
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (error) {
      const refused = refusal(error, issuer);
      if (refused.code !== 'unauthorized') options.logger?.warn('OIDC key set unavailable', { issuer, error: (error as Error)?.message ?? String(error) });
      throw refused;
    }
  }

  return {
    async authenticate(token) {
      const tokenIssuer = unverifiedIssuer(token);
      const issuer = normalizeIssuer(tokenIssuer);
      const candidates = issuer.length > 1_000 ? [] : await trusts.get(issuer, () => listEnabledTrustsForIssuer(options.db, issuer));
      if (candidates.length === 0) throw refuse(`No team trusts OIDC tokens from issuer ${issuer.slice(0, 200)}.`);
      const payload = await verify(token, tokenIssuer, issuer, candidates);
      const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
      let failed: string | undefined;
      for (const trust of candidates) {
        if (!audiences.includes(trust.audience)) continue;
        const claim = failedClaim(payload, trust.claimConditions);
        if (!claim) return principalFor(trust, payload);
        failed ??= claim;
      }
      throw refuse(`The OIDC token's claim '${failed ?? 'aud'}' does not match what the trust for issuer ${issuer} requires.`);
    },
    invalidate() {
      trusts.clear();
    },
  };
}
