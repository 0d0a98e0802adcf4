import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOidcTrust, insertOidcTrust, setOidcTrustEnabled } from '@/db/queries/oidc-trusts';
import { startOidcIssuer, type OidcIssuer } from '@/test/oidc-issuer';
import { addOidcTrust } from '../services/oidc/add-oidc-trust';
import { openTestServices, type TestServices } from '../services/test-services';
import { createOidcAuthenticator, looksLikeJwt } from './oidc-auth';

let t: TestServices;
const issuers: OidcIssuer[] = [];
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => {
  await Promise.all(issuers.map((issuer) => issuer.close()));
  await t?.close();
});

/** A fresh issuer, a team trusting it for `sub` under acme, and an authenticator with a fetch that counts. */
async function setup(options: { jwksCooldownMs?: number; cacheTtlMs?: number; claimConditions?: Record<string, string> } = {}) {
  const issuer = await startOidcIssuer();
  issuers.push(issuer);
  const team = await t.team();
  const trust = await addOidcTrust({
    ctx: t.cli,
    input: { team: team.id, issuer: issuer.issuer, audience: issuer.audience, claimConditions: options.claimConditions ?? { sub: 'repo:acme/*' } },
  });
  const fetched: string[] = [];
  const oidc = createOidcAuthenticator({
    db: t.db,
    cacheTtlMs: options.cacheTtlMs ?? 60_000,
    jwksCooldownMs: options.jwksCooldownMs,
    network: t.teamNetwork,
    fetch: (url, init) => {
      fetched.push(String(url));
      return t.teamNetwork.fetch(url, init);
    },
  });
  return { issuer, team, trust, oidc, fetched };
}

async function refusal(promise: Promise<unknown>): Promise<{ code?: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; status?: number; message: string };
  }
  throw new Error('expected a refusal');
}

describe('looksLikeJwt', () => {
  it('tells JWTs from API keys and playground tokens', async () => {
    const { issuer } = await setup();
    expect(looksLikeJwt(await issuer.token())).toBe(true);
    expect(looksLikeJwt(new UnsecuredJWT({ iss: 'x' }).encode())).toBe(true);
    expect(looksLikeJwt('gh_abcdefghijklmnopqrstuvwxyz0123456789ABCD')).toBe(false);
    expect(looksLikeJwt('gthpg_eyJ2IjoxfQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXI')).toBe(false);
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.only-two')).toBe(false);
  });
});

describe('the OIDC authenticator', () => {
  it('authenticates as the trusting team with its plan and policy, and only this fetch is used', async () => {
    const { issuer, team, oidc, fetched } = await setup();
    const principal = await oidc.authenticate(await issuer.token());
    expect(principal).toMatchObject({ teamId: team.id, apiKeyId: null, plan: team.plan, spendLimitMicros: null, spentMicros: 0, subject: 'repo:acme/app:ref:refs/heads/main' });
    expect(principal.settings.teamId).toBe(team.id);
    expect(fetched).toEqual([`${issuer.issuer}/.well-known/openid-configuration`, `${issuer.issuer}/jwks.json`]);
    // Discovery and keys are cached: a second token costs no request.
    await oidc.authenticate(await issuer.token({}, { subject: 'repo:acme/other' }));
    expect(fetched).toHaveLength(2);
  });

  it('accepts the issuer spelled with a trailing slash in the token', async () => {
    const { issuer, team, oidc } = await setup();
    expect((await oidc.authenticate(await issuer.token({}, { issuer: `${issuer.issuer}/` }))).teamId).toBe(team.id);
  });

  it('never contacts an issuer no team trusts', async () => {
    const { issuer, oidc, fetched } = await setup();
    const stranger = await startOidcIssuer();
    issuers.push(stranger);
    const error = await refusal(oidc.authenticate(await stranger.token()));
    expect(error).toMatchObject({ code: 'unauthorized', message: `No team trusts OIDC tokens from issuer ${stranger.issuer}.` });
    expect(stranger.requests).toEqual({ discovery: 0, jwks: 0 });
    expect(fetched).toEqual([]);
    expect(issuer.requests.discovery).toBe(0);
  });

  it('refuses shared-secret and unsigned tokens', async () => {
    const { issuer, oidc } = await setup();
    const hs256 = await new SignJWT({ sub: 'repo:acme/app' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a shared secret anyone could guess'));
    expect(await refusal(oidc.authenticate(hs256))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('algorithm is not allowed') });
    const unsigned = new UnsecuredJWT({ sub: 'repo:acme/app' }).setIssuer(issuer.issuer).setAudience(issuer.audience).setExpirationTime('5m').encode();
    expect(await refusal(oidc.authenticate(unsigned))).toMatchObject({ code: 'unauthorized' });
  });

  it('requires exp and sub', async () => {
    const { issuer, oidc } = await setup();
    // A token that never expires would be a standing credential.
    expect(await refusal(oidc.authenticate(await issuer.token({}, { omit: ['exp'] })))).toMatchObject({ code: 'unauthorized', message: "The OIDC token has no 'exp' claim." });
    expect(await refusal(oidc.authenticate(await issuer.token({}, { omit: ['sub'] })))).toMatchObject({ code: 'unauthorized', message: "The OIDC token has no 'sub' claim." });
  });

  it('checks claim conditions on string claims, naming the claim that failed', async () => {
    const { issuer, oidc } = await setup({ claimConditions: { sub: 'repo:acme/*', project_id: '42' } });
    expect((await oidc.authenticate(await issuer.token({ project_id: '42' }))).subject).toBe('repo:acme/app:ref:refs/heads/main');
    const numeric = await refusal(oidc.authenticate(await issuer.token({ project_id: 42 })));
    expect(numeric).toMatchObject({ code: 'unauthorized', message: expect.stringContaining("claim 'project_id' does not match") });
  });

  it('tries trusts oldest first and lets the one whose audience and claims match win', async () => {
    const { issuer, team, oidc } = await setup();
    const second = await t.team();
    await addOidcTrust({ ctx: t.cli, input: { team: second.id, issuer: issuer.issuer, audience: 'other-audience', claimConditions: { sub: 'repo:acme/*' } } });
    const third = await t.team();
    await addOidcTrust({ ctx: t.cli, input: { team: third.id, issuer: issuer.issuer, audience: issuer.audience, claimConditions: { sub: 'repo:globex/*' } } });
    oidc.invalidate();
    expect((await oidc.authenticate(await issuer.token())).teamId).toBe(team.id);
    expect((await oidc.authenticate(await issuer.token({}, { audience: 'other-audience' }))).teamId).toBe(second.id);
    expect((await oidc.authenticate(await issuer.token({}, { subject: 'repo:globex/site' }))).teamId).toBe(third.id);
  });

  it('keeps trusts cached until invalidated', async () => {
    const { issuer, team, trust, oidc } = await setup();
    await oidc.authenticate(await issuer.token());
    await deleteOidcTrust(t.db, team.id, trust.id);
    expect((await oidc.authenticate(await issuer.token())).teamId).toBe(team.id);
    oidc.invalidate();
    expect(await refusal(oidc.authenticate(await issuer.token()))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('No team trusts') });
  });

  it('ignores a disabled trust, and honours it again once re-enabled', async () => {
    const { issuer, team, trust, oidc } = await setup();
    await setOidcTrustEnabled(t.db, team.id, trust.id, false);
    oidc.invalidate();
    expect(await refusal(oidc.authenticate(await issuer.token()))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('No team trusts') });
    expect(issuer.requests.discovery).toBe(0);
    await setOidcTrustEnabled(t.db, team.id, trust.id, true);
    oidc.invalidate();
    expect((await oidc.authenticate(await issuer.token())).teamId).toBe(team.id);
  });

  it('fetches the key set at most once per cooldown however many unknown key ids arrive', async () => {
    const { issuer, oidc } = await setup({ jwksCooldownMs: 60_000 });
    await oidc.authenticate(await issuer.token());
    expect(issuer.requests.jwks).toBe(1);
    await issuer.rotate();
    for (let attempt = 0; attempt < 5; attempt++) {
      const error = await refusal(oidc.authenticate(await issuer.token()));
      expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('no single key published') });
    }
    expect(issuer.requests.jwks).toBe(1);
  });

  it('keeps at least a second between key set fetches even with caching turned off', async () => {
    const { issuer, oidc } = await setup({ cacheTtlMs: 0 });
    await oidc.authenticate(await issuer.token());
    const before = issuer.requests.jwks;
    await issuer.rotate();
    for (let attempt = 0; attempt < 5; attempt++) await refusal(oidc.authenticate(await issuer.token()));
    expect(issuer.requests.jwks).toBeLessThanOrEqual(before + 1);
  });

  it('picks up a rotated key once the cooldown has passed', async () => {
    const { issuer, oidc } = await setup({ jwksCooldownMs: 0 });
    await oidc.authenticate(await issuer.token());
    await issuer.rotate('ES256');
    expect((await oidc.authenticate(await issuer.token())).subject).toBe('repo:acme/app:ref:refs/heads/main');
    expect(issuer.requests.jwks).toBe(2);
  });

  it('answers 503 when the issuer cannot be reached, without blaming the caller', async () => {
    const { issuer, oidc } = await setup();
    const token = await issuer.token();
    await issuer.close();
    expect(await refusal(oidc.authenticate(token))).toMatchObject({ code: 'upstream_unavailable', status: 503 });
  });

  it('refuses a discovery document that names another issuer', async () => {
    const { issuer } = await setup();
    const impostor = createOidcAuthenticator({
      db: t.db,
      cacheTtlMs: 60_000,
      network: t.teamNetwork,
      fetch: async (url, init) =>
        String(url).endsWith('/openid-configuration') ? Response.json({ issuer: 'https://elsewhere.example.com', jwks_uri: `${issuer.issuer}/jwks.json` }) : t.teamNetwork.fetch(url, init),
    });
    expect(await refusal(impostor.authenticate(await issuer.token()))).toMatchObject({ code: 'upstream_unavailable' });
    expect(issuer.requests.jwks).toBe(0);
  });
});

describe('the OIDC authenticator and the server’s own network', () => {
  it('refuses a discovery document whose jwks_uri points at loopback, and never fetches it', async () => {
    const { issuer } = await setup();
    const port = new URL(issuer.issuer).port;
    for (const jwksUri of [`http://localhost:${port}/jwks.json`, `http://[::1]:${port}/jwks.json`, `http://169.254.169.254/latest/meta-data/iam`]) {
      const oidc = createOidcAuthenticator({
        db: t.db,
        cacheTtlMs: 60_000,
        network: t.teamNetwork,
        fetch: async (url, init) =>
          // Unguarded on purpose: the authenticator itself must refuse the address before fetching.
          String(url).endsWith('/openid-configuration') ? Response.json({ issuer: issuer.issuer, jwks_uri: jwksUri }) : fetch(url, init),
      });
      expect(await refusal(oidc.authenticate(await issuer.token()))).toMatchObject({ code: 'upstream_unavailable', status: 503 });
    }
    expect(issuer.requests.jwks).toBe(0);
  });

  it('never contacts an issuer on localhost that a team trusted before the checks', async () => {
    const issuer = await startOidcIssuer();
    issuers.push(issuer);
    const team = await t.team();
    const onLocalhost = issuer.issuer.replace('127.0.0.1', 'localhost');
    await insertOidcTrust(t.db, { id: `oidc_${team.id}`, teamId: team.id, issuer: onLocalhost, audience: issuer.audience, claimConditions: { sub: '*' }, label: 'old', enabled: true, createdBy: null });
    const oidc = createOidcAuthenticator({ db: t.db, cacheTtlMs: 60_000, network: t.teamNetwork });
    expect(await refusal(oidc.authenticate(await issuer.token({}, { issuer: onLocalhost })))).toMatchObject({ code: 'upstream_unavailable' });
    expect(issuer.requests).toEqual({ discovery: 0, jwks: 0 });
  });
});
