import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEnabledSealedCredentials } from '@/db/queries/provider-credentials';
import { getProvider } from '@/lib/providers/registry';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTeamNetwork } from '@/lib/net/team-network';
import { startFakeUpstream, type FakeUpstream } from '@/test/fake-upstream';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { addCredential } from './add-credential';
import { deleteCredential } from './delete-credential';
import { listCredentials } from './list-credentials';
import { setCredentialEnabled } from './set-credential-enabled';
import { testCredential } from './test-credential';

let t: TestServices;
let upstream: FakeUpstream;
beforeAll(async () => {
  t = await openTestServices();
  upstream = await startFakeUpstream({ name: 'openai' });
});
afterAll(async () => {
  await upstream?.close();
  await t?.close();
});

const defaultBaseURL = () => `${upstream.url}/v1`;

describe('testCredential', () => {
  it('makes one authenticated call to the provider with the entered key', async () => {
    const team = await t.team();
    upstream.reset();
    const result = await testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-test-byok-1234' }, defaultBaseURL });
    expect(result).toEqual({ ok: true, outcome: 'ok', message: 'Connected: OpenAI accepted the key.' });
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(upstream.calls[0].headers.authorization).toBe('Bearer sk-test-byok-1234');
  });

  it('uses each provider’s own auth header and an entered base URL', async () => {
    const team = await t.team();
    upstream.reset();
    await testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'anthropic', apiKey: 'sk-ant-xyz', baseUrl: `${upstream.url}/v1` }, defaultBaseURL: () => 'http://unused.invalid' });
    expect(upstream.calls[0].headers['x-api-key']).toBe('sk-ant-xyz');
    expect(upstream.calls[0].headers.authorization).toBeUndefined();
  });

  it('tests a Cohere key on the v1 model list, which its v2 API lacks', async () => {
    const team = await t.team();
    const urls: string[] = [];
    const list: typeof fetch = async (url) => (urls.push(String(url)), Response.json({ models: [{ name: 'rerank-v3.5' }], next_page_token: null }));
    const result = await testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'cohere', apiKey: 'co-key' }, defaultBaseURL: () => 'https://api.cohere.com/v2', fetch: list });
    expect(result).toEqual({ ok: true, outcome: 'ok', message: 'Connected: Cohere accepted the key.' });
    expect(urls).toEqual(['https://api.cohere.com/v1/models']);
  });

  it('reports a rejected key as such, without the provider’s text (which may echo the key)', async () => {
    const team = await t.team();
    const refuse: typeof fetch = async () => Response.json({ error: { message: 'Incorrect API key provided: sk-wrong-key-5678.', type: 'invalid_request_error' } }, { status: 401 });
    const result = await testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-wrong-key-5678' }, defaultBaseURL, fetch: refuse });
    expect(result).toEqual({ ok: false, outcome: 'auth_rejected', message: 'OpenAI rejected the key.' });
  });

  it('gives up quickly on an unreachable or silent upstream', async () => {
    const team = await t.team();
    const silent: typeof fetch = (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const result = await testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'groq', apiKey: 'gsk-1' }, defaultBaseURL, fetch: silent, timeoutMs: 50 });
    expect(result).toEqual({ ok: false, outcome: 'unreachable', message: 'Could not reach Groq at that address, or it did not answer in time.' });
  });

  it('rejects a member, a viewer and a member of another team', async () => {
    const team = await t.team();
    const other = await t.team();
    const input = { team: team.id, provider: 'openai', apiKey: 'sk-1' };
    expect(await rejection(testCredential({ ctx: team.member.ctx, input, defaultBaseURL }))).toBe('forbidden');
    expect(await rejection(testCredential({ ctx: team.viewer.ctx, input, defaultBaseURL }))).toBe('forbidden');
    expect(await rejection(testCredential({ ctx: other.owner.ctx, input, defaultBaseURL }))).toBe('not_found');
  });
});

/** A server on 127.0.0.1 that answers every request with `status` and an internal service's JSON. */
async function internalService(status: number, delayMs = 0) {
  const server = createServer((_request, response) => {
    setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'redis 7.2 on db-internal-3: SecretAccessKey=abc' } })), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) };
}

describe('testCredential against URLs a team chooses', () => {
  it('refuses a non-public base URL with 400 before any connection', async () => {
    const strict = await openTestServices({ teamNetwork: createTeamNetwork() });
    try {
      const team = await strict.team();
      for (const baseUrl of [`${upstream.url}/v1`, 'http://localhost:6379', 'http://169.254.169.254/latest/meta-data', `${upstream.url}/latest/meta-data/iam#`]) {
        upstream.reset();
        expect(await rejection(testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-1', baseUrl }, defaultBaseURL }))).toBe('invalid_request');
        expect(upstream.calls).toHaveLength(0);
      }
    } finally {
      await strict.close();
    }
  });

  it('reports only a classification: never a status, a remote body or an error text', async () => {
    const team = await t.team();
    const failing = await internalService(500);
    const notAnApi = await internalService(200);
    try {
      const test = (baseUrl: string, timeoutMs = 8_000) => testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-1', baseUrl }, defaultBaseURL, timeoutMs });
      const failed = await test(failing.url);
      expect(failed).toEqual({ ok: false, outcome: 'unreachable', message: 'Could not reach OpenAI at that address, or it did not answer in time.' });
      expect(await test(notAnApi.url)).toEqual({ ok: false, outcome: 'not_provider_api', message: 'The address answered, but not as the OpenAI API does.' });
      expect(await test(`${upstream.url}/v1`)).toMatchObject({ ok: true, outcome: 'ok' });
    } finally {
      await failing.close();
      await notAnApi.close();
    }
  });

  it('does not read an endless body to the end', async () => {
    const team = await t.team();
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"data":[${'0,'.repeat(1_500_000)}0]}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-1', baseUrl }, defaultBaseURL })).toMatchObject({ outcome: 'not_provider_api' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers a closed port and a silent one alike, so it cannot scan ports', async () => {
    const team = await t.team();
    const silent = await internalService(200, 5_000);
    const closed = await internalService(200);
    await closed.close();
    try {
      const test = (baseUrl: string) => testCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-1', baseUrl }, defaultBaseURL, timeoutMs: 200 });
      expect(await test(closed.url)).toEqual(await test(silent.url));
    } finally {
      await silent.close();
    }
  });
});

describe('credential lifecycle', () => {
  it('adds (encrypted), disables, enables and deletes, invalidating the team each time', async () => {
    const team = await t.team();
    const added = await addCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-byok-secret-9999', modelMappings: { 'openai/gpt-4o': 'my-4o' } } });
    expect(added.hint).toBe('••••9999');
    const listed = await listCredentials({ ctx: team.viewer.ctx, input: { team: team.id } });
    expect(JSON.stringify(listed)).not.toContain('sk-byok-secret');
    expect((await listEnabledSealedCredentials(t.db, team.id))[0].encryptedSecret).not.toContain('sk-byok');
    await setCredentialEnabled({ ctx: team.admin.ctx, input: { team: team.id, credentialId: added.id, enabled: false } });
    expect(await listEnabledSealedCredentials(t.db, team.id)).toHaveLength(0);
    await setCredentialEnabled({ ctx: team.owner.ctx, input: { team: team.id, credentialId: added.id, enabled: true } });
    expect(await listEnabledSealedCredentials(t.db, team.id)).toHaveLength(1);
    await deleteCredential({ ctx: team.admin.ctx, input: { team: team.id, credentialId: added.id } });
    expect(await listCredentials({ ctx: team.viewer.ctx, input: { team: team.id } })).toEqual([]);
    expect(t.invalidated.teams.filter((id) => id === team.id)).toHaveLength(4);
  });

  it('rejects a viewer, a member, and a member of another team (even with the credential id)', async () => {
    const team = await t.team();
    const other = await t.team();
    const added = await addCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-abcdefgh' } });
    expect(await rejection(addCredential({ ctx: team.member.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-1' } }))).toBe('forbidden');
    expect(await rejection(setCredentialEnabled({ ctx: team.viewer.ctx, input: { team: team.id, credentialId: added.id, enabled: false } }))).toBe('forbidden');
    expect(await rejection(deleteCredential({ ctx: team.member.ctx, input: { team: team.id, credentialId: added.id } }))).toBe('forbidden');
    expect(await rejection(deleteCredential({ ctx: other.owner.ctx, input: { team: team.id, credentialId: added.id } }))).toBe('not_found');
    expect(await rejection(deleteCredential({ ctx: other.owner.ctx, input: { team: other.id, credentialId: added.id } }))).toBe('not_found');
    expect(await rejection(listCredentials({ ctx: other.owner.ctx, input: { team: team.id } }))).toBe('not_found');
    expect(getProvider('openai')).toBeDefined();
  });
});
