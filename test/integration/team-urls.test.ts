import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCredential } from '@/db/queries/provider-credentials';
import { updateTeamSettings } from '@/db/queries/teams';
import { startGatehouse, type Gatehouse } from '../harness';

// Issue 13 item 5: a team's URLs never reach the server's own network.

const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };
const IAM = { Code: 'Success', AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'internal-secret-from-metadata', Token: 'session-token' };

/** An internal service on 127.0.0.1 (cloud metadata, a database's HTTP port): it answers everything with its secrets and counts what reaches it. */
async function internalService(status = 200, redirectTo?: string) {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    if (redirectTo) response.writeHead(307, { location: `${redirectTo}${request.url}` }).end();
    else response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(IAM));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { seen, port, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

type Service = Awaited<ReturnType<typeof internalService>>;
let strict: Gatehouse;
let lenient: Gatehouse;
let metadata: Service;
beforeAll(async () => {
  // No GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: what an install gets by default.
  strict = await startGatehouse({ strictNetwork: true });
  // 127.0.0.1 allowed, as an operator would allow a LAN host.
  lenient = await startGatehouse();
  metadata = await internalService();
});
afterAll(async () => {
  await strict?.close();
  await lenient?.close();
  await metadata?.close();
});

/** A team whose BYOK failures are final (no fallback to the system key hides them) and its client. */
async function byokTeam(gatehouse: Gatehouse) {
  const team = await gatehouse.team();
  await updateTeamSettings(gatehouse.db, team.id, { byokFallbackToSystem: false });
  gatehouse.ctx.invalidate.team(team.id);
  return { team, openai: new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 }) };
}

/** Stores a credential as a row, the way one saved before these checks existed would be. */
async function storedCredential(gatehouse: Gatehouse, teamId: string, provider: string, baseUrl: string) {
  await insertCredential(gatehouse.db, {
    id: `cred_${provider}_${Math.random().toString(36).slice(2, 10)}`,
    teamId,
    provider,
    label: 'stored earlier',
    hint: '••••abcd',
    baseUrl,
    zeroDataRetention: false,
    modelMappings: {},
    encryptedSecret: gatehouse.runtime.secrets.encrypt('sk-attacker-chosen-bearer'),
    createdBy: null,
  });
  gatehouse.ctx.invalidate.team(teamId);
}

const apiError = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as InstanceType<typeof OpenAI.APIError>);

describe('saving a team credential', () => {
  it.each([
    ['the issue’s metadata URL, fragment and all', () => `${metadata.url}/latest/meta-data/iam#`, /fragment/],
    ['loopback', () => `${metadata.url}/v1`, /non-public/],
    ['localhost', () => `http://localhost:${metadata.port}/v1`, /non-public/],
    ['[::1]', () => `http://[::1]:${metadata.port}/v1`, /non-public/],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${metadata.port}/v1`, /non-public/],
    ['0.0.0.0', () => `http://0.0.0.0:${metadata.port}/v1`, /non-public/],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', /non-public/],
    ['CGNAT', () => 'http://100.64.0.1/v1', /non-public/],
    ['decimal loopback', () => 'http://2130706433/', /non-public/],
    ['hex loopback', () => 'http://0x7f000001/', /non-public/],
    ['credentials in the URL', () => 'https://user:pass@api.example.com/v1', /credentials/],
  ])('refuses %s with 400 and stores nothing', async (_name, baseUrl, message) => {
    const team = await strict.team();
    const response = await fetch(`${strict.url}/api/admin/teams/${team.id}/credentials`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ provider: 'openai', apiKey: 'sk-attacker', baseUrl: baseUrl() }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; param: string } };
    expect(body.error).toMatchObject({ code: 'invalid_request', param: 'baseUrl', message: expect.stringMatching(message) });
    const listed = await (await fetch(`${strict.url}/api/admin/teams/${team.id}/credentials`, { headers: ADMIN })).json();
    expect(listed.data).toEqual([]);
    expect(metadata.seen).toEqual([]);
  });
});

describe('calling with a credential stored before the checks', () => {
  it('never contacts the internal address, on the pass-through and the translated path, and says why', async () => {
    const { team, openai } = await byokTeam(strict);
    await storedCredential(strict, team.id, 'openai', `${metadata.url}/latest/meta-data/iam#`);
    await storedCredential(strict, team.id, 'anthropic', `http://[::ffff:127.0.0.1]:${metadata.port}/v1`);
    for (const model of ['openai/gpt-4o', 'anthropic/claude-sonnet-4']) {
      const error = await apiError(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10 }));
      expect(error?.status).toBe(403);
      expect(error?.message).toMatch(/team's own \(BYOK\) credential cannot be used, and nothing was sent \((openai|anthropic): the credential's base URL (must not contain a fragment|points at a loopback, private, link-local or otherwise non-public address)/);
      expect(error?.message).not.toContain('internal-secret');
    }
    expect(metadata.seen).toEqual([]);
    expect(strict.upstreams.openai.calls).toHaveLength(0);
  });

  it('falls back to the system key when the team allows it, without contacting the internal address', async () => {
    const team = await strict.team();
    await storedCredential(strict, team.id, 'openai', `${metadata.url}/v1`);
    const openai = new OpenAI({ baseURL: `${strict.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
    expect(metadata.seen).toEqual([]);
  });
});

describe('request-scoped keys', () => {
  it('refuses a fragment with 400 and an internal address with 403, contacting nothing', async () => {
    const { openai } = await byokTeam(strict);
    const ask = (baseURL: string) =>
      apiError(
        openai.chat.completions.create({
          model: 'openai/gpt-4o',
          messages: [{ role: 'user', content: 'Hi' }],
          providerOptions: { gateway: { byok: { openai: [{ apiKey: 'sk-request', baseURL }] } } },
        } as never),
      );
    expect((await ask(`${metadata.url}/latest/meta-data/iam#`))?.status).toBe(400);
    expect((await ask('http://169.254.169.254/latest/meta-data')) ?.status).toBe(403);
    expect((await ask(`http://2130706433:${metadata.port}/v1`))?.status).toBe(403);
    expect(metadata.seen).toEqual([]);
  });
});

describe('an allowed BYOK upstream that misbehaves', () => {
  it('never has its error body relayed to the client verbatim', async () => {
    const internal = await internalService(400);
    try {
      const { team, openai } = await byokTeam(lenient);
      await storedCredential(lenient, team.id, 'openai', `${internal.url}/v1`);
      await storedCredential(lenient, team.id, 'anthropic', `${internal.url}/v1`);
      for (const model of ['openai/gpt-4o', 'anthropic/claude-sonnet-4']) {
        const error = await apiError(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10 }));
        expect(error?.status).toBeGreaterThanOrEqual(400);
        expect(JSON.stringify(error?.error ?? error?.message)).not.toMatch(/internal-secret|ASIAEXAMPLE|session-token/);
      }
      expect(internal.seen).toHaveLength(2);
    } finally {
      await internal.close();
    }
  });

  it('follows no redirect it answers with', async () => {
    const target = await internalService();
    const redirector = await internalService(307, target.url);
    try {
      const { team, openai } = await byokTeam(lenient);
      await storedCredential(lenient, team.id, 'openai', `${redirector.url}/v1`);
      await storedCredential(lenient, team.id, 'anthropic', `${redirector.url}/v1`);
      for (const model of ['openai/gpt-4o', 'anthropic/claude-sonnet-4']) {
        const error = await apiError(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10 }));
        expect(error?.status).toBeGreaterThanOrEqual(500);
      }
      expect(redirector.seen).toHaveLength(2);
      expect(target.seen).toEqual([]);
    } finally {
      await target.close();
      await redirector.close();
    }
  });
});
