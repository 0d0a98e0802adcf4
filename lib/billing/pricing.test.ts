import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../gateway/types';
import { dollarsToMicros, priceUsage } from './pricing';

const gpt4o = { inputPrice: 2_500_000, outputPrice: 10_000_000, cacheReadPrice: 1_250_000, cacheWritePrice: null };

describe('priceUsage', () => {
  it('prices input and output per million tokens in integer micro-dollars', () => {
    // 12 * 2.5 + 7 * 10 = 100 micro-dollars
    expect(priceUsage({ ...emptyUsage(), inputTokens: 12, outputTokens: 7 }, gpt4o)).toBe(100);
  });

  it('rounds a fractional micro-dollar up', () => {
    expect(priceUsage({ ...emptyUsage(), inputTokens: 1, outputTokens: 0 }, gpt4o)).toBe(3);
  });

  it('prices cached input at the cache-read rate', () => {
    // 100 plain * 2.5 + 100 cached * 1.25 = 375
    expect(priceUsage({ ...emptyUsage(), inputTokens: 200, cachedInputTokens: 100 }, gpt4o)).toBe(375);
  });

  it('is exact for large counts', () => {
    expect(priceUsage({ ...emptyUsage(), inputTokens: 1_000_000, outputTokens: 1_000_000 }, gpt4o)).toBe(12_500_000);
  });

  it('prices non-token units at the unit price when the units match, on top of tokens', () => {
    const image = { inputPrice: 5_000_000, outputPrice: 0, cacheReadPrice: null, cacheWritePrice: null, unitPrice: 40_000_000_000, priceUnit: 'image' as const };
    // 2 images at $0.04 + 10 prompt tokens at $5/MTok (50 µ$)
    expect(priceUsage({ ...emptyUsage(), inputTokens: 10, units: { unit: 'image', quantity: 2 } }, image)).toBe(80_050);
    // a unit the offering does not price costs nothing extra
    expect(priceUsage({ ...emptyUsage(), units: { unit: 'second', quantity: 30 } }, image)).toBe(0);
    // 1,234 characters at $15/M characters, rounded up
    const tts = { inputPrice: 0, outputPrice: 0, cacheReadPrice: null, cacheWritePrice: null, unitPrice: 15_000_000, priceUnit: 'character' as const };
    expect(priceUsage({ ...emptyUsage(), units: { unit: 'character', quantity: 1_234 } }, tts)).toBe(18_510);
  });

  it('converts dollars to micro-dollars exactly', () => {
    expect(dollarsToMicros(12.34)).toBe(12_340_000);
  });
});
