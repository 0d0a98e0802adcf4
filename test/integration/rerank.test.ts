import { createGateway, GatewayInvalidRequestError } from '@ai-sdk/gateway';
import { rerank } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCohere, type FakeCohere } from '../fake-upstream/cohere-rerank';
import { startGatehouse, type Gatehouse } from '../harness';

// cohere/rerank-v3.5 is $2.00 per 1,000 searches: 2,000 micro-dollars a search.
const SEARCH_MICROS = 2_000;
const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };

const documents = ['Paris is the capital of France.', 'The Eiffel Tower is in Paris, France.', 'Berlin is the capital of Germany.', 'Bananas are yellow.'];

let gatehouse: Gatehouse;
let cohere: FakeCohere;
let byokCohere: FakeCohere;
let team: Awaited<ReturnType<Gatehouse['team']>>;

beforeAll(async () => {
  byokCohere = await startFakeCohere();
  gatehouse = await startGatehouse();
  cohere = gatehouse.cohere;
  team = await gatehouse.team(10_000_000);
});
afterAll(async () => {
  await gatehouse?.close();
  await byokCohere?.close();
});
beforeEach(() => {
  cohere.reset();
  byokCohere.reset();
});

const post = (key: string, body: unknown) =>
  fetch(`${gatehouse.url}/v1/rerank`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /v1/rerank (Cohere shape)', () => {
  it('ranks through Cohere, answers in Cohere’s shape and bills the search units Cohere reports', async () => {
    cohere.script({ searchUnits: 3 });
    const before = await gatehouse.balance(team.id);
    const response = await post(team.key, { model: 'cohere/rerank-v3.5', query: 'capital of France', documents, top_n: 2 });
    expect(response.status).toBe(200);
    const body = await response.json();
    const generationId = response.headers.get('x-generation-id')!;
    expect(body).toEqual({
      id: generationId,
      results: [
        { index: 0, relevance_score: expect.any(Number) },
        { index: 2, relevance_score: expect.any(Number) },
      ],
      meta: { api_version: { version: '2' }, billed_units: { search_units: 3 } },
    });
    expect(body.results[0].relevance_score).toBeGreaterThan(body.results[1].relevance_score);
    expect(response.headers.get('x-gatehouse-provider')).toBe('cohere');

    // Cohere's own wire format, upstream model id, system key.
    expect(cohere.calls).toHaveLength(1);
    expect(cohere.calls[0].path).toBe('/v2/rerank');
    expect(cohere.calls[0].headers.authorization).toBe('Bearer co-system-key');
    expect(cohere.calls[0].body).toEqual({ model: 'rerank-v3.5', query: 'capital of France', documents, top_n: 2 });

    const row = await gatehouse.usage(generationId);
    expect(row).toMatchObject({
      protocol: 'rerank',
      requestedModel: 'cohere/rerank-v3.5',
      provider: 'cohere',
      status: 'success',
      unit: 'search',
      quantity: 3,
      inputTokens: 0,
      usageEstimated: false,
      costMicros: 3 * SEARCH_MICROS,
      billedMicros: 3 * SEARCH_MICROS,
    });
    expect(await gatehouse.balance(team.id)).toBe(before - 3 * SEARCH_MICROS);
  });

  it('accepts {text} documents, sends Cohere their texts and echoes them with return_documents', async () => {
    const objects = documents.map((text, id) => ({ text, id }));
    const response = await post(team.key, { model: 'cohere/rerank-v3.5', query: 'Germany', documents: objects, top_n: 1, return_documents: true, max_tokens_per_doc: 512 });
    expect(response.status).toBe(200);
    expect((await response.json()).results).toEqual([{ index: 2, relevance_score: expect.any(Number), document: objects[2] }]);
    expect(cohere.calls[0].body).toEqual({ model: 'rerank-v3.5', query: 'Germany', documents, top_n: 1, max_tokens_per_doc: 512 });
  });

  it('answers Cohere’s v2 SDK path, /v2/rerank, the same way', async () => {
    const response = await fetch(`${gatehouse.url}/v2/rerank`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cohere/rerank-v3.5', query: 'Germany', documents, top_n: 1 }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).results).toEqual([{ index: 2, relevance_score: expect.any(Number) }]);
    expect(await gatehouse.usage(response.headers.get('x-generation-id')!)).toMatchObject({ protocol: 'rerank', unit: 'search', quantity: 1 });
  });

  it('bills the estimate when Cohere reports no billed units: one search per 100 documents', async () => {
    cohere.script({ searchUnits: null });
    const many = Array.from({ length: 150 }, (_, index) => `document number ${index}`);
    const response = await post(team.key, { model: 'cohere/rerank-v3.5', query: 'number 7', documents: many });
    expect(response.status).toBe(200);
    expect((await response.json()).meta.billed_units.search_units).toBe(2);
    expect(await gatehouse.usage(response.headers.get('x-generation-id')!)).toMatchObject({ unit: 'search', quantity: 2, usageEstimated: true, costMicros: 2 * SEARCH_MICROS });
  });

  it.each([
    ['no query', { model: 'cohere/rerank-v3.5', documents }, 'query'],
    ['an empty query', { model: 'cohere/rerank-v3.5', query: '', documents }, 'query'],
    ['no documents', { model: 'cohere/rerank-v3.5', query: 'q', documents: [] }, 'documents'],
    ['a number as a document', { model: 'cohere/rerank-v3.5', query: 'q', documents: ['a', 7] }, 'documents.1'],
    ['an object without text', { model: 'cohere/rerank-v3.5', query: 'q', documents: [{ title: 'a' }] }, 'documents.0'],
    ['1,001 documents', { model: 'cohere/rerank-v3.5', query: 'q', documents: Array.from({ length: 1001 }, () => 'x') }, 'documents'],
    ['more than 1,000,000 characters', { model: 'cohere/rerank-v3.5', query: 'q', documents: Array.from({ length: 11 }, () => 'x'.repeat(100_000)) }, 'documents'],
    ['a zero top_n', { model: 'cohere/rerank-v3.5', query: 'q', documents, top_n: 0 }, 'top_n'],
    ['no model', { query: 'q', documents }, 'model'],
  ])('refuses %s with 400 in the OpenAI envelope plus Cohere’s message, before any upstream call', async (_name, body, param) => {
    const response = await post(team.key, body);
    expect(response.status).toBe(400);
    const error = await response.json();
    expect(error).toEqual({ message: expect.any(String), error: { message: error.message, type: 'invalid_request_error', param, code: 'invalid_request' } });
    expect(cohere.calls).toHaveLength(0);
  });

  it('refuses a body that is not JSON, and models of another kind in either direction', async () => {
    const notJson = await post(team.key, '{"model":');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('invalid_json');

    const chatModel = await post(team.key, { model: 'openai/gpt-4o', query: 'q', documents });
    expect(chatModel.status).toBe(400);
    expect((await chatModel.json()).message).toMatch(/'openai\/gpt-4o' is a language model, .*call it through \/v1\/chat\/completions/);

    const viaChat = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cohere/rerank-v3.5', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(viaChat.status).toBe(400);
    expect((await viaChat.json()).error.message).toMatch(/is a rerank model, .*call it through \/v1\/rerank/);
    expect(cohere.calls).toHaveLength(0);
  });

  it('answers 401 without a valid key and 404 for an unknown model', async () => {
    expect((await post('gh_wrong', { model: 'cohere/rerank-v3.5', query: 'q', documents })).status).toBe(401);
    const unknown = await post(team.key, { model: 'cohere/rerank-v9', query: 'q', documents });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('model_not_found');
  });

  it('maps a Cohere rate limit to 429 with its retry-after, and a Cohere 400 to a 400 without retrying', async () => {
    cohere.script({ error: { status: 429, message: 'too many requests', retryAfter: '7' } });
    const limited = await post(team.key, { model: 'cohere/rerank-v3.5', query: 'q', documents });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');

    cohere.reset();
    cohere.script({ error: { status: 400, message: 'invalid request: too many tokens' } });
    const refused = await post(team.key, { model: 'cohere/rerank-v3.5', query: 'q', documents });
    expect(refused.status).toBe(400);
    expect(cohere.calls).toHaveLength(1);
    expect(await gatehouse.usage(refused.headers.get('x-generation-id')!)).toMatchObject({ status: 'error', costMicros: 0, billedMicros: 0 });
  });
});

describe('money and credentials', () => {
  it('refuses a team without credit with 402 before calling Cohere', async () => {
    const broke = await gatehouse.team(0);
    const response = await post(broke.key, { model: 'cohere/rerank-v3.5', query: 'q', documents });
    expect(response.status).toBe(402);
    expect((await response.json()).error.code).toBe('insufficient_credits');
    expect(cohere.calls).toHaveLength(0);
  });

  it('holds a search’s price, not a token estimate, while a rerank runs: a second one the credit cannot cover is refused 402', async () => {
    // 1,000 µ$ is below the strict-credit threshold, so each call holds its worst case in the
    // database. The first holds one search (2,000 µ$) and runs; while it does, no credit is left
    // for the second, though a token estimate of either would be about 1 µ$.
    const low = await gatehouse.team(1_000);
    cohere.script({ delayMs: 400 });
    const first = post(low.key, { model: 'cohere/rerank-v3.5', query: 'q', documents });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await post(low.key, { model: 'cohere/rerank-v3.5', query: 'q', documents });
    expect(second.status).toBe(402);
    expect((await second.json()).error.code).toBe('insufficient_credits');
    expect((await first).status).toBe(200);
    expect(cohere.calls).toHaveLength(1);
    expect(await gatehouse.balance(low.id)).toBe(1_000 - SEARCH_MICROS);
  });

  it("uses the team's own Cohere key at its own base URL, logs BYOK and does not debit", async () => {
    const own = await gatehouse.team();
    const added = await fetch(`${gatehouse.url}/api/admin/teams/${own.id}/credentials`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ provider: 'cohere', apiKey: 'co-team-own-key-1234', baseUrl: `${byokCohere.url}/v2` }),
    });
    expect(added.status).toBe(201);
    const before = await gatehouse.balance(own.id);
    const response = await post(own.key, { model: 'cohere/rerank-v3.5', query: 'Paris', documents });
    expect(response.status).toBe(200);
    expect(cohere.calls).toHaveLength(0);
    expect(byokCohere.calls[0].headers.authorization).toBe('Bearer co-team-own-key-1234');
    expect(await gatehouse.usage(response.headers.get('x-generation-id')!)).toMatchObject({ credentialType: 'byok', unit: 'search', quantity: 1, costMicros: SEARCH_MICROS, billedMicros: 0 });
    expect(await gatehouse.balance(own.id)).toBe(before);
  });

  it('reaches a request-scoped BYOK base URL only through the guarded dialer, which refuses a metadata address', async () => {
    const response = await post(team.key, {
      model: 'cohere/rerank-v3.5',
      query: 'q',
      documents,
      providerOptions: { gateway: { byok: { cohere: [{ apiKey: 'co-request-key', baseURL: 'http://169.254.169.254/v2' }] } } },
    });
    // Refused on the address, so the call falls back to the system key.
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gatehouse-attempts')).toMatch(/^cohere\/rerank-v3\.5@cohere:byok:\w+, cohere\/rerank-v3\.5@cohere:system:ok$/);
    expect(cohere.calls.map((call) => call.headers.authorization)).toEqual(['Bearer co-system-key']);
  });

  it('bills at the search price an admin sets, and keeps it', async () => {
    const priced = await fetch(`${gatehouse.url}/api/admin/models/cohere/rerank-v3.5/offerings/cohere`, {
      method: 'PUT',
      headers: ADMIN,
      body: JSON.stringify({ inputPrice: 0, outputPrice: 0, unitPrice: '1000', priceUnit: 'search' }),
    });
    expect(priced.status).toBe(200);
    try {
      const response = await post(team.key, { model: 'cohere/rerank-v3.5', query: 'q', documents });
      // $1,000 per million searches is 1,000 µ$ a search.
      expect(await gatehouse.usage(response.headers.get('x-generation-id')!)).toMatchObject({ quantity: 1, costMicros: 1_000 });
    } finally {
      await fetch(`${gatehouse.url}/api/admin/models/cohere/rerank-v3.5/offerings/cohere`, {
        method: 'PUT',
        headers: ADMIN,
        body: JSON.stringify({ inputPrice: 0, outputPrice: 0, unitPrice: '2000', priceUnit: 'search' }),
      });
    }
  });
});

describe('admin-added rerank models', () => {
  it('serves a custom rerank model an admin adds with a search price, and refuses the change without the admin token', async () => {
    const model = { id: 'cohere/rerank-v4.0-pro', kind: 'rerank', provider: 'cohere', upstreamModelId: 'rerank-v4.0-pro', inputPrice: 0, outputPrice: 0, unitPrice: '2500', priceUnit: 'search' };
    const anonymous = await fetch(`${gatehouse.url}/api/admin/models`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${team.key}` }, body: JSON.stringify(model) });
    expect(anonymous.status).toBe(401);
    const added = await fetch(`${gatehouse.url}/api/admin/models`, { method: 'POST', headers: ADMIN, body: JSON.stringify(model) });
    expect(added.status).toBeLessThan(300);
    const response = await post(team.key, { model: 'cohere/rerank-v4.0-pro', query: 'q', documents });
    expect(response.status).toBe(200);
    expect(cohere.calls[0].body.model).toBe('rerank-v4.0-pro');
    // $2,500 per million searches is 2,500 µ$ a search.
    expect(await gatehouse.usage(response.headers.get('x-generation-id')!)).toMatchObject({ unit: 'search', quantity: 1, costMicros: 2_500 });
  });
});

describe('the AI SDK (ai rerank() through createGateway)', () => {
  it('reranks through /v4/ai/reranking-model and reports the generation, its cost and routing', async () => {
    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
    cohere.script({ searchUnits: 1 });
    const result = await rerank({ model: gateway.rerankingModel('cohere/rerank-v3.5'), query: 'capital of Germany', documents, topN: 2, maxRetries: 0 });
    expect(result.rerankedDocuments[0]).toBe('Berlin is the capital of Germany.');
    expect(result.ranking).toHaveLength(2);
    expect(result.ranking[0]).toMatchObject({ originalIndex: 2, document: documents[2] });
    const metadata = result.providerMetadata?.gateway as { generationId: string; cost: string; routing: { finalProvider: string } };
    expect(metadata).toMatchObject({ cost: '0.002', marketCost: '0.002', routing: { finalProvider: 'cohere' } });
    expect(cohere.calls[0].body).toEqual({ model: 'rerank-v3.5', query: 'capital of Germany', documents, top_n: 2 });
    expect(await gatehouse.usage(metadata.generationId)).toMatchObject({ protocol: 'ai-sdk', unit: 'search', quantity: 1, costMicros: SEARCH_MICROS });
  });

  it('sends object documents to Cohere as JSON text, passes Cohere provider options, and keeps the gateway options', async () => {
    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
    const objects = [{ title: 'fruit', body: 'Bananas are yellow.' }, { title: 'city', body: 'Paris is in France.' }];
    const result = await rerank({
      model: gateway.rerankingModel('cohere/rerank-v3.5'),
      query: 'Paris',
      documents: objects,
      providerOptions: { cohere: { maxTokensPerDoc: 256 }, gateway: { user: 'alice', tags: ['search'] } },
      maxRetries: 0,
    });
    expect(result.rerankedDocuments[0]).toEqual(objects[1]);
    expect(cohere.calls[0].body).toEqual({ model: 'rerank-v3.5', query: 'Paris', documents: objects.map((value) => JSON.stringify(value)), max_tokens_per_doc: 256 });
    const metadata = result.providerMetadata?.gateway as { generationId: string };
    expect(await gatehouse.usage(metadata.generationId)).toMatchObject({ endUser: 'alice', tags: ['search'] });
  });

  it('lists rerank models in getAvailableModels() as modelType reranking, and in /v1/models as type rerank', async () => {
    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
    const { models } = await gateway.getAvailableModels();
    expect(models.find((model) => model.id === 'cohere/rerank-v3.5')).toMatchObject({ modelType: 'reranking' });
    const listed = await (await fetch(`${gatehouse.url}/v1/models/cohere/rerank-v3.5`, { headers: { authorization: `Bearer ${team.key}` } })).json();
    expect(listed).toMatchObject({ id: 'cohere/rerank-v3.5', type: 'rerank', owned_by: 'cohere', available: true });
  });

  it('raises the client’s invalid-request error for a malformed call and for a language model', async () => {
    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
    await expect(rerank({ model: gateway.rerankingModel('cohere/rerank-v3.5'), query: '', documents, maxRetries: 0 })).rejects.toBeInstanceOf(GatewayInvalidRequestError);
    await expect(rerank({ model: gateway.rerankingModel('openai/gpt-4o'), query: 'q', documents, maxRetries: 0 })).rejects.toThrow(/is a language model/);
    expect(cohere.calls).toHaveLength(0);
  });
});
