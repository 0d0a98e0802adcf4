import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoutingTrace } from '../../gateway/types';
import { withGatewayMetadata } from './provider-metadata';
import { routingMetadata } from './routing-metadata';

const prices = { inputPrice: 2_500_000, outputPrice: 10_000_000, cacheReadPrice: null, cacheWritePrice: null };

/** kimi-k2 at groq failed twice (a retry), moonshotai is answering; gpt-4o is the fallback model. */
const trace: RoutingTrace = {
  requestedModel: 'moonshotai/kimi-k2',
  plan: [
    { model: 'moonshotai/kimi-k2', provider: 'groq', upstreamModelId: 'moonshotai/kimi-k2-instruct' },
    { model: 'moonshotai/kimi-k2', provider: 'moonshotai', upstreamModelId: 'kimi-k2-0711-preview' },
    { model: 'openai/gpt-4o', provider: 'openai', upstreamModelId: 'gpt-4o' },
  ],
  previous: [
    { model: 'moonshotai/kimi-k2', provider: 'groq', upstreamModelId: 'moonshotai/kimi-k2-instruct', credential: 'system', status: 'error', startedAt: 1_000, endedAt: 1_040, httpStatus: 500, errorCode: 'http_500', error: 'groq: boom' },
    { model: 'moonshotai/kimi-k2', provider: 'groq', upstreamModelId: 'moonshotai/kimi-k2-instruct', credential: 'system', status: 'error', startedAt: 1_100, endedAt: 1_300, errorCode: 'timeout', error: 'groq: timed out' },
  ],
  current: { model: 'moonshotai/kimi-k2', provider: 'moonshotai', upstreamModelId: 'kimi-k2-0711-preview', credential: 'system', startedAt: 1_310, prices },
};

const groqFailures = [
  { provider: 'groq', providerApiModelId: 'moonshotai/kimi-k2-instruct', credentialType: 'system', success: false, startTime: 1_000, endTime: 1_040, statusCode: 500, error: 'groq: boom' },
  // A timeout never got a status from the upstream, so none is shown.
  { provider: 'groq', providerApiModelId: 'moonshotai/kimi-k2-instruct', credentialType: 'system', success: false, startTime: 1_100, endTime: 1_300, error: 'groq: timed out' },
];

describe('routingMetadata', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(2_000);
  });
  afterEach(() => vi.useRealTimers());

  it('lists every attempt in the hosted gateway’s shape, grouped by model, ending with the answering one', () => {
    const answering = { provider: 'moonshotai', providerApiModelId: 'kimi-k2-0711-preview', credentialType: 'system', success: true, startTime: 1_310, endTime: 2_000, statusCode: 200 };
    expect(routingMetadata(trace, { success: true })).toEqual({
      originalModelId: 'moonshotai/kimi-k2',
      resolvedProvider: 'groq',
      resolvedProviderApiModelId: 'moonshotai/kimi-k2-instruct',
      fallbacksAvailable: ['moonshotai'],
      canonicalSlug: 'moonshotai/kimi-k2',
      finalProvider: 'moonshotai',
      attempts: [...groqFailures, answering],
      modelAttemptCount: 1,
      modelAttempts: [{ canonicalSlug: 'moonshotai/kimi-k2', success: true, providerAttemptCount: 3, providerAttempts: [...groqFailures, answering] }],
      totalProviderAttemptCount: 3,
    });
  });

  it('marks an answer that failed after it started, and starts a new model group for a fallback model', () => {
    const fallback: RoutingTrace = {
      ...trace,
      previous: [...trace.previous, { ...trace.previous[0], provider: 'moonshotai', upstreamModelId: 'kimi-k2-0711-preview', startedAt: 1_310, endedAt: 1_320, httpStatus: 503, error: 'moonshotai: overloaded' }],
      current: { model: 'openai/gpt-4o', provider: 'openai', upstreamModelId: 'gpt-4o', credential: 'byok', startedAt: 1_400, prices },
    };
    const routing = routingMetadata(fallback, { success: false, error: 'The upstream stream failed: socket hang up' });
    expect(routing.finalProvider).toBe('openai');
    expect(routing.modelAttempts).toEqual([
      expect.objectContaining({ canonicalSlug: 'moonshotai/kimi-k2', success: false, providerAttemptCount: 3 }),
      {
        canonicalSlug: 'openai/gpt-4o',
        success: false,
        providerAttemptCount: 1,
        providerAttempts: [
          { provider: 'openai', providerApiModelId: 'gpt-4o', credentialType: 'byok', success: false, startTime: 1_400, endTime: 2_000, statusCode: 200, error: 'The upstream stream failed: socket hang up' },
        ],
      },
    ]);
    expect(routing.totalProviderAttemptCount).toBe(4);
  });

  it('has no canonical slug when the requested model is unknown and only a fallback model was planned', () => {
    const routing = routingMetadata({ ...trace, requestedModel: 'nobody/nothing' }, { success: true });
    expect(routing.originalModelId).toBe('nobody/nothing');
    expect(routing).not.toHaveProperty('canonicalSlug');
  });
});

describe('withGatewayMetadata', () => {
  const usage = { inputTokens: 12, outputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false };
  const identity = { generationId: 'gen_01TEST', model: 'moonshotai/kimi-k2', created: 1, routing: trace };

  it('prices the answer as the usage row does: cost is what credits pay (0 for BYOK), marketCost the catalog price', () => {
    // 12 × $2.50/M + 7 × $10/M = 100 micro-dollars.
    expect(withGatewayMetadata(undefined, identity, { usage }).gateway).toMatchObject({ generationId: 'gen_01TEST', cost: '0.0001', marketCost: '0.0001' });
    const byok = { ...identity, routing: { ...trace, current: { ...trace.current, credential: 'byok' as const } } };
    expect(withGatewayMetadata(undefined, byok, { usage }).gateway).toMatchObject({ cost: '0', marketCost: '0.0001' });
  });

  it('states no cost when the upstream reported no usage, and keeps the upstream’s own metadata', () => {
    const gateway = withGatewayMetadata({ openai: { responseId: 'r1' } }, identity);
    expect(gateway.openai).toEqual({ responseId: 'r1' });
    expect(gateway.gateway).not.toHaveProperty('cost');
    expect(gateway.gateway).not.toHaveProperty('marketCost');
    expect(gateway.gateway.routing).toMatchObject({ finalProvider: 'moonshotai' });
  });

  it('is only the generation id when the call was not routed (no trace)', () => {
    expect(withGatewayMetadata(undefined, { generationId: 'gen_01TEST', model: 'm', created: 1 }, { usage })).toEqual({ gateway: { generationId: 'gen_01TEST' } });
  });
});
