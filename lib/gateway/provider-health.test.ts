import { describe, expect, it } from 'vitest';
import { DEFAULT_TTFT_MS, ProviderHealth } from './provider-health';

describe('ProviderHealth', () => {
  it('opens the circuit after a burst of failures and closes it after a while', () => {
    let now = 1_000_000;
    const health = new ProviderHealth(() => now);
    for (let i = 0; i < 4; i++) health.record({ provider: 'openai', model: 'm', ok: false });
    expect(health.degraded('openai')).toBe(false);
    health.record({ provider: 'openai', model: 'm', ok: false });
    expect(health.degraded('openai')).toBe(true);
    expect(health.degraded('anthropic')).toBe(false);
    now += 31_000;
    expect(health.degraded('openai')).toBe(false);
  });

  it('stays closed while most calls succeed', () => {
    const health = new ProviderHealth();
    for (let i = 0; i < 10; i++) health.record({ provider: 'groq', model: 'm', ok: i % 3 !== 0 });
    expect(health.degraded('groq')).toBe(false);
    expect(health.view()[0]).toMatchObject({ provider: 'groq', samples: 10 });
  });

  it('learns time to first token and throughput, with defaults before any data', () => {
    const health = new ProviderHealth();
    expect(health.ttftMs('groq', 'm')).toBe(DEFAULT_TTFT_MS);
    health.record({ provider: 'groq', model: 'm', ok: true, ttftMs: 100, outputTokens: 500, streamMs: 1000 });
    health.record({ provider: 'groq', model: 'm', ok: true, ttftMs: 200, outputTokens: 500, streamMs: 1000 });
    expect(health.ttftMs('groq', 'm')).toBeCloseTo(120);
    expect(health.tokensPerSecond('groq', 'm')).toBeCloseTo(500);
  });
});
