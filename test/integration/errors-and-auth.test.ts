import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

const chat = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${gatehouse.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('authentication', () => {
  it('rejects a missing, unknown or revoked key with 401 in the OpenAI envelope', async () => {
    const team = await gatehouse.team();
    const missing = await fetch(`${gatehouse.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'authentication_error', code: 'unauthorized' } });

    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: 'gh_not-a-real-key-at-all-000000', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );

    const ok = await chat(team.key, { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(ok.status).toBe(200);
    const revoke = await fetch(`${gatehouse.url}/api/admin/keys/${team.keyId}`, { method: 'DELETE', headers: { authorization: 'Bearer admin-token-for-tests-0123456789' } });
    expect(revoke.status).toBe(200);
    const revoked = await chat(team.key, { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.message).toContain('revoked');
  });

  it('accepts x-api-key as well as a bearer token', async () => {
    const team = await gatehouse.team();
    const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': team.key, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
  });
});

describe('bad requests never reach an upstream', () => {
  it.each([
    ['malformed JSON', '{"model": ', 400, 'invalid_json'],
    ['a missing model', { messages: [{ role: 'user', content: 'x' }] }, 400, 'invalid_request'],
    ['a model of the wrong type', { model: 42, messages: [{ role: 'user', content: 'x' }] }, 400, 'invalid_request'],
    ['messages that are not a list', { model: 'openai/gpt-4o', messages: 'hello' }, 400, 'invalid_request'],
    ['a temperature out of range', { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }], temperature: 7 }, 400, 'invalid_request'],
    ['a malformed gateway option', { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }], providerOptions: { gateway: { serviceTier: 'bogus' } } }, 400, 'invalid_request'],
    ['an unknown model', { model: 'nobody/nothing', messages: [{ role: 'user', content: 'x' }] }, 404, 'model_not_found'],
  ])('%s', async (_name, body, status, code) => {
    const team = await gatehouse.team();
    const response = await chat(team.key, body);
    expect(response.status).toBe(status);
    const json = await response.json();
    expect(json.error).toMatchObject({ code });
    expect(typeof json.error.message).toBe('string');
    expect(json.error).toHaveProperty('param');
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });
});

describe('credit', () => {
  it('refuses a team with no balance with 402 before any upstream call', async () => {
    const team = await gatehouse.team(0);
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const error = (await client.chat.completions
      .create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(402);
    expect(error.message).toContain('credit');
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
    const id = error.headers?.get('x-generation-id');
    expect(await gatehouse.usage(id!)).toMatchObject({ status: 'error', httpStatus: 402, errorCode: 'insufficient_credits', billedMicros: 0 });
  });

  it('reports the balance at /v1/credits and a generation at /v1/generation, for the own team only', async () => {
    const team = await gatehouse.team(2_500_000);
    const other = await gatehouse.team();
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] });

    const credits = await (await fetch(`${gatehouse.url}/v1/credits`, { headers: { authorization: `Bearer ${team.key}` } })).json();
    expect(credits).toEqual({ balance: '2.4999', total_used: '0.0001' });

    const generation = await fetch(`${gatehouse.url}/v1/generation?id=${completion.id}`, { headers: { authorization: `Bearer ${team.key}` } });
    expect(generation.status).toBe(200);
    expect((await generation.json()).data).toMatchObject({
      id: completion.id,
      total_cost: 0.0001,
      is_byok: false,
      provider_name: 'openai',
      native_tokens_prompt: 12,
      native_tokens_completion: 7,
      streamed: false,
    });
    const foreign = await fetch(`${gatehouse.url}/v1/generation?id=${completion.id}`, { headers: { authorization: `Bearer ${other.key}` } });
    expect(foreign.status).toBe(404);
  });

  it('stops a key at its spend limit', async () => {
    const team = await gatehouse.team();
    const created = await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/keys`, {
      method: 'POST',
      headers: { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'limited', spendLimit: '0.0001' }),
    });
    const { key } = await created.json();
    expect((await chat(key, { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
    const second = await chat(key, { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(second.status).toBe(402);
    expect((await second.json()).error.code).toBe('spend_limit_exceeded');
  });
});

describe('BYOK', () => {
  it("uses the team's own key first, logs it as BYOK and does not debit", async () => {
    const team = await gatehouse.team();
    await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/credentials`, {
      method: 'POST',
      headers: { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'openai', apiKey: 'sk-team-own-key-1234' }),
    });
    const before = await gatehouse.balance(team.id);
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(gatehouse.upstreams.openai.calls[0].headers.authorization).toBe('Bearer sk-team-own-key-1234');
    expect(await gatehouse.usage(completion.id)).toMatchObject({ credentialType: 'byok', costMicros: 100, billedMicros: 0 });
    expect(await gatehouse.balance(team.id)).toBe(before);

    // A BYOK key the provider rejects falls back to the system key, billed to credits.
    gatehouse.upstreams.openai.enqueue({ kind: 'error', status: 401 });
    const fallback = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(gatehouse.upstreams.openai.calls.slice(-2).map((call) => call.headers.authorization)).toEqual(['Bearer sk-team-own-key-1234', 'Bearer sk-system-openai']);
    const row = await gatehouse.usage(fallback.id);
    expect(row).toMatchObject({ credentialType: 'system', billedMicros: 100 });
    expect(row.attempts.map((attempt) => attempt.credential)).toEqual(['byok', 'system']);

    const listed = await (await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/credentials`, { headers: { authorization: 'Bearer admin-token-for-tests-0123456789' } })).text();
    expect(listed).not.toContain('sk-team-own-key-1234');
    expect(listed).toContain('••••1234');
  });
});

describe('GET /v1/models', () => {
  it('lists catalog models in the OpenAI shape with prices and availability', async () => {
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('openai/gpt-4o');
    expect(ids).toContain('anthropic/claude-sonnet-4');
    const response = await (await fetch(`${gatehouse.url}/v1/models`)).json();
    const gpt4o = response.data.find((model: { id: string }) => model.id === 'openai/gpt-4o');
    expect(gpt4o).toMatchObject({ object: 'model', owned_by: 'openai', available: true, pricing: { input: '0.0000025', output: '0.00001' } });
    expect(gpt4o.context_window).toBeGreaterThan(0);
    const unserved = response.data.find((model: { providers: Array<{ provider: string }> }) => model.providers.every((p) => p.provider === 'xai'));
    expect(unserved?.available).toBe(false);
  });
});

describe('a request the upstream format cannot express', () => {
  it('is a 400 naming the problem, not an upstream failure', async () => {
    const team = await gatehouse.team();
    const response = await chat(team.key, {
      model: 'anthropic/claude-sonnet-4',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{not json' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      ],
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('not valid JSON');
    expect(gatehouse.upstreams.anthropic.calls).toHaveLength(0);
  });
});

describe('admin API input', () => {
  const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };
  const put = (path: string, body: string) => fetch(`${gatehouse.url}/api/admin${path}`, { method: 'PUT', headers: ADMIN, body });

  // Found by the fuzz suite: each of these was a 500 'internal'.
  it('answers a body that is not a JSON object, a deeply nested value and U+0000 in a name with 400, never 500', async () => {
    const team = await gatehouse.team();
    const nested = `{"plan":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    for (const [path, body] of [
      [`/teams/${team.id}/plan`, nested],
      [`/teams/${team.id}/plan`, 'null'],
      [`/teams/${team.id}/plan`, '[]'],
      ['/plans/fuzz-plan', JSON.stringify({ name: 'Fuzz plan\u0000', requestsPerMinute: 100, tokensPerMinute: 10_000, monthlyCredits: '1', byokAllowed: true })],
    ]) {
      const response = await put(path, body);
      expect(response.status, `${path} ${body.slice(0, 40)}`).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: expect.stringMatching(/^invalid_/) } });
    }
  });
});
