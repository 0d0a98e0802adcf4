import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authHeaders } from './doors';
import { fuzz, fuzzThenCheckUsage, hostileExchange, PROPERTY_TIMEOUT_MS, setUpFuzzTarget } from './fuzz-target';
import { hostileString } from './hostile';
import { hostileQuery, hostileSegment, hostileTarget, method, percentEncode } from './paths';

// The gateway's own routes (and its router's reading of paths): hostile paths, query strings,
// methods and credentials get a 4xx in the door's envelope in time, never a 500.
const target = setUpFuzzTarget();

const gatewayBases = [
  '/health', '/v1/models', '/v1/models/openai', '/v1/credits', '/v1/generation', '/v1/report', '/v1', '/v1/x',
  '/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/embeddings', '/v1/rerank',
  '/v1/images/generations', '/v1/images/edits', '/v1/audio/speech', '/v1/audio/transcriptions', '/v4/ai/image-model', '/v4/ai/transcription-model',
  '/v4/ai', '/v4/ai/config', '/v3/ai/config', '/v1/ai/config', '/v4/ai/language-model', '/v3/ai/embedding-model', '/v4/ai/reranking-model', '/v1/ai/nothing',
];

describe('gateway routes', () => {
  it('hostile paths, query strings and methods, with and without a key', async () => {
    await fuzzThenCheckUsage(target, () =>
      fuzz(
        120,
        fc.asyncProperty(hostileTarget(gatewayBases), method, fc.constant(null).chain(() => authHeaders(target().attacker.key)), async (path, verb, auth) => {
          await hostileExchange(target(), { method: verb, target: path, headers: auth });
        }),
      ),
    );
  }, PROPERTY_TIMEOUT_MS);

  // Found under FUZZ_SEED=64973594: the router read '/v1/messages#fragment' as another path than
  // the handlers (which parse the request line as a URL, fragment dropped) did.
  it('a fragment in the request line does not change the door: /v1/messages#x answers in the Anthropic envelope', async () => {
    const response = await hostileExchange(target(), { method: 'GET', target: '/v1/messages#fragment', headers: [['authorization', `Bearer ${target().attacker.key}`]] });
    expect(response.status).toBe(405);
    expect(JSON.parse(response.text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('GET /v1/models/:id with hostile model ids', async () => {
    await fuzzThenCheckUsage(target, () =>
      fuzz(
        40,
        fc.asyncProperty(fc.array(hostileSegment, { minLength: 1, maxLength: 3 }), fc.boolean(), async (segments, withKey) => {
          await hostileExchange(target(), { method: 'GET', target: `/v1/models/${segments.join('/')}`, headers: withKey ? [['authorization', `Bearer ${target().attacker.key}`]] : [] });
        }),
      ),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('GET /v1/generation, /v1/report and /v1/credits with hostile query strings', async () => {
    await fuzzThenCheckUsage(target, () =>
      fuzz(
        60,
        fc.asyncProperty(fc.constantFrom('/v1/generation', '/v1/report', '/v1/credits', '/v4/ai/config'), hostileQuery, async (path, query) => {
          await hostileExchange(target(), { method: 'GET', target: `${path}${query}`, headers: [['authorization', `Bearer ${target().attacker.key}`]] });
        }),
      ),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('another team cannot read a generation by id, however the id is written', async () => {
    const { gatehouse, bystander } = target();
    const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bystander.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'private' }] }),
    });
    await response.text();
    const id = response.headers.get('x-generation-id')!;
    await gatehouse.waitForUsage(id);
    await fuzz(
      30,
      fc.asyncProperty(fc.constantFrom(id, id.toLowerCase(), encodeURIComponent(id), `${id}%00`, ` ${id}`, `${id}&id=${id}`, `x&id=${id}`), hostileString, async (value, suffix) => {
        const answer = await hostileExchange(target(), { method: 'GET', target: `/v1/generation?id=${value}${suffix ? `&x=${percentEncode(suffix.slice(0, 100))}` : ''}`, headers: [['authorization', `Bearer ${target().attacker.key}`]] });
        if (answer.status === 200) throw new Error(`the attacker read the bystander's generation ${id}: ${answer.text.slice(0, 200)}`);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);
});
