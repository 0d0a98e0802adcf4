import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addOidcTrust } from '@/lib/services/oidc/add-oidc-trust';
import { startGatehouse, type Gatehouse } from '../harness';
import { startOidcIssuer, type OidcIssuer } from '../oidc-issuer';

// openai/gpt-4o is $2.50 in / $10 out per million tokens; the fake upstream reports 12 in / 7 out.
const GPT4O_COST = 100;
const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };
// The JWKS cooldown follows the cache TTL, but is never under a second: a rotated key is picked up after that.
const CACHE_TTL_MS = 200;
const JWKS_COOLDOWN_MS = 1_000;

let gatehouse: Gatehouse;
const issuers: OidcIssuer[] = [];
beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_CACHE_TTL_MS: String(CACHE_TTL_MS) } });
});
afterAll(async () => {
  await Promise.all(issuers.map((issuer) => issuer.close()));
  await gatehouse?.close();
});
beforeEach(() => gatehouse.resetUpstreams());

async function issuer(padded?: NonNullable<Parameters<typeof startOidcIssuer>[0]>['padded']): Promise<OidcIssuer> {
  const started = await startOidcIssuer({ audience: 'gatehouse-ci', padded });
  issuers.push(started);
  return started;
}

/** A team with credits that trusts `from` for the main branch of acme's repositories. */
async function trustingTeam(from: OidcIssuer, credits = 10_000_000, sub = 'repo:acme/*:ref:refs/heads/main') {
  const team = await gatehouse.team(credits);
  const trust = await addOidcTrust({ ctx: gatehouse.ctx, input: { team: team.id, issuer: from.issuer, audience: from.audience, claimConditions: { sub } } });
  return { team, trust };
}

const client = (jwt: string) => new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: jwt, maxRetries: 0 });
const hello = { model: 'openai/gpt-4o', messages: [{ role: 'user' as const, content: 'Hello' }] };

/** The refusal a workload sees: status and message, checked never to repeat the token. */
async function refusal(jwt: string): Promise<{ status: number | undefined; message: string }> {
  try {
    await client(jwt).chat.completions.create(hello);
  } catch (error) {
    const { status, message } = error as InstanceType<typeof OpenAI.APIError>;
    expect(message).not.toContain(jwt.split('.')[1]);
    return { status, message };
  }
  throw new Error('expected the request to be refused');
}

describe('keyless auth with OIDC', () => {
  it('authenticates a workload by its JWT, bills its team and logs the token subject', async () => {
    const ci = await issuer();
    const { team } = await trustingTeam(ci);
    const before = await gatehouse.balance(team.id);

    const completion = await client(await ci.token()).chat.completions.create(hello);
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
    expect(gatehouse.upstreams.openai.calls[0].headers.authorization).toBe('Bearer sk-system-openai');

    const row = await gatehouse.usage(completion.id);
    expect(row).toMatchObject({ teamId: team.id, apiKeyId: null, subject: 'repo:acme/app:ref:refs/heads/main', status: 'success', costMicros: GPT4O_COST });
    expect(await gatehouse.balance(team.id)).toBe(before - GPT4O_COST);
  });

  it.each([
    ['an expired token', { expiresIn: -120 }, 'expired'],
    ['a token that is not yet valid', { notBefore: 120 }, 'not yet valid'],
    ['a token for another audience', { audience: 'someone-else' }, 'audience'],
  ])('refuses %s with 401', async (_name, options, message) => {
    const ci = await issuer();
    await trustingTeam(ci);
    const refused = await refusal(await ci.token({}, options));
    expect(refused.status).toBe(401);
    expect(refused.message).toContain(message);
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('tolerates 30 seconds of clock skew', async () => {
    const ci = await issuer();
    await trustingTeam(ci);
    await expect(client(await ci.token({}, { expiresIn: -10 })).chat.completions.create(hello)).resolves.toBeTruthy();
    await expect(client(await ci.token({}, { notBefore: 10 })).chat.completions.create(hello)).resolves.toBeTruthy();
  });

  it('refuses a token from an issuer no team trusts, without ever contacting that issuer', async () => {
    const ci = await issuer();
    await trustingTeam(ci);
    const stranger = await issuer();
    const refused = await refusal(await stranger.token());
    expect(refused).toMatchObject({ status: 401, message: expect.stringContaining('No team trusts OIDC tokens from issuer') });
    expect(stranger.requests).toEqual({ discovery: 0, jwks: 0 });
  });

  it('refuses a forged signature: a key the issuer never published, under its current kid', async () => {
    const ci = await issuer();
    await trustingTeam(ci);
    await client(await ci.token()).chat.completions.create(hello);
    const refused = await refusal(await ci.token({}, { key: await ci.forgeryKey() }));
    expect(refused).toMatchObject({ status: 401, message: expect.stringContaining('signature is invalid') });
  });

  it('refuses a token whose claims do not match the trust', async () => {
    const ci = await issuer();
    await trustingTeam(ci);
    const refused = await refusal(await ci.token({}, { subject: 'repo:acme/app:ref:refs/heads/feature' }));
    expect(refused).toMatchObject({ status: 401, message: expect.stringContaining("claim 'sub' does not match") });
    expect((await refusal(await ci.token({}, { subject: 'repo:acme-evil/app:ref:refs/heads/main' }))).status).toBe(401);
  });

  it('follows key rotation without a restart', async () => {
    const ci = await issuer();
    await trustingTeam(ci);
    await client(await ci.token()).chat.completions.create(hello);
    const oldKeyToken = await ci.token();
    const rotated = await ci.rotate();
    await new Promise((resolve) => setTimeout(resolve, JWKS_COOLDOWN_MS + 100));

    const completion = await client(await ci.token()).chat.completions.create(hello);
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
    expect(rotated.kid).toBe('key-2');
    expect(ci.requests.jwks).toBe(2);
    // The retired key is no longer published, so its tokens stop working.
    expect((await refusal(oldKeyToken)).status).toBe(401);
  });

  it("keeps each team's token to its own team's data", async () => {
    const ci = await issuer();
    const a = await trustingTeam(ci, 7_000_000, 'repo:acme/*');
    const b = await trustingTeam(ci, 3_000_000, 'repo:globex/*');
    const tokenA = await ci.token({}, { subject: 'repo:acme/app:ref:refs/heads/main' });
    const tokenB = await ci.token({}, { subject: 'repo:globex/site:ref:refs/heads/main' });

    const credits = async (jwt: string) => (await fetch(`${gatehouse.url}/v1/credits`, { headers: { authorization: `Bearer ${jwt}` } })).json();
    expect(await credits(tokenA)).toEqual({ balance: '7', total_used: '0' });
    expect(await credits(tokenB)).toEqual({ balance: '3', total_used: '0' });

    const completion = await client(tokenB).chat.completions.create(hello);
    expect((await gatehouse.usage(completion.id)).teamId).toBe(b.team.id);
    const generation = (jwt: string) => fetch(`${gatehouse.url}/v1/generation?id=${completion.id}`, { headers: { authorization: `Bearer ${jwt}` } });
    expect((await generation(tokenB)).status).toBe(200);
    expect((await generation(tokenA)).status).toBe(404);
    expect(await gatehouse.balance(a.team.id)).toBe(7_000_000);
  });

  it('is managed through the admin API, and a disabled or removed trust stops working at once', async () => {
    const ci = await issuer();
    const team = await gatehouse.team();
    const base = `${gatehouse.url}/api/admin`;

    const refused = await fetch(`${base}/teams/${team.slug}/oidc-trusts`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ issuer: ci.issuer, audience: ci.audience }) });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.param).toBe('claimConditions');

    const created = await fetch(`${base}/teams/${team.slug}/oidc-trusts`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ issuer: `${ci.issuer}/`, audience: ci.audience, claimConditions: { sub: 'repo:acme/*' }, label: 'CI' }),
    });
    expect(created.status).toBe(201);
    const trust = await created.json();
    expect(trust).toMatchObject({ teamId: team.id, issuer: ci.issuer, label: 'CI' });

    const listed = await (await fetch(`${base}/teams/${team.id}/oidc-trusts`, { headers: ADMIN })).json();
    expect(listed.data).toEqual([expect.objectContaining({ id: trust.id })]);

    const jwt = await ci.token();
    await client(jwt).chat.completions.create(hello);
    const enable = (enabled: boolean) => fetch(`${base}/oidc-trusts/${trust.id}`, { method: 'PATCH', headers: ADMIN, body: JSON.stringify({ enabled }) });
    const disabled = await enable(false);
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toEqual({ id: trust.id, enabled: false });
    expect(await refusal(jwt)).toMatchObject({ status: 401, message: expect.stringContaining('No team trusts') });
    expect((await enable(true)).status).toBe(200);
    await client(jwt).chat.completions.create(hello);
    expect((await fetch(`${base}/oidc-trusts/${trust.id}`, { method: 'DELETE', headers: ADMIN })).status).toBe(200);
    expect((await refusal(jwt)).status).toBe(401);
  });

  it('leaves API keys working alongside', async () => {
    const ci = await issuer();
    const { team } = await trustingTeam(ci);
    const completion = await client(team.key).chat.completions.create(hello);
    expect((await gatehouse.usage(completion.id)).apiKeyId).toBe(team.keyId);
  });
});

describe('an issuer whose documents never end', () => {
  // 64 MiB of valid JSON: a bounded read gives up long before, an unbounded one reads it all (well within its deadline).
  for (const document of ['discovery', 'jwks'] as const) {
    it(`${document}: read to 1 MiB, then the token is refused as keys unavailable`, async () => {
      const ci = await issuer({ document, bytes: 64 * 1024 * 1024 });
      await trustingTeam(ci);
      const { status } = await refusal(await ci.token());
      expect(status).toBe(503);
      // The answer is cut: its connection closes, however soon the issuer notices.
      await expect.poll(() => ci.paddingSent.length, { timeout: 5_000 }).toBeGreaterThan(0);
      for (const sent of ci.paddingSent) expect(sent).toBeLessThan(8 * 1024 * 1024);
    });
  }
});
