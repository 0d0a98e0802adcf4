import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../catalog/types';
import type { Attempt } from '../gateway/plan';
import type { ParsedRequest } from '../gateway/types';
import { worstCase } from './credit-holds';

const attempt = (model: Partial<CatalogModel>, prices: { input: number; output: number; cacheWrite?: number }, credential: 'system' | 'byok' = 'system'): Attempt =>
  ({
    model: { id: 'm', maxOutputTokens: null, contextWindow: null, ...model },
    offering: { inputPrice: prices.input, outputPrice: prices.output, cacheReadPrice: null, cacheWritePrice: prices.cacheWrite ?? null, provider: 'p', upstreamModelId: 'm' },
    credential: { type: credential },
  }) as unknown as Attempt;

const request = (extra: Partial<ParsedRequest> = {}) => ({ estimatedInputTokens: 1_000, ...extra }) as ParsedRequest;

// Prices are µ$ per million tokens: $30 in, $60 out is GPT-4.
const cheap = attempt({ maxOutputTokens: 16_384, contextWindow: 128_000 }, { input: 50_000, output: 80_000 });
const gpt4 = attempt({ maxOutputTokens: 8_192, contextWindow: 8_192 }, { input: 30_000_000, output: 60_000_000 });

describe('worstCase', () => {
  it('is the dearest attempt of the plan, not the first', () => {
    // 1,000 × $30/M + (8,192 − 1,000) × $60/M: GPT-4's context leaves 7,192 tokens for the answer.
    expect(worstCase([cheap, gpt4], request())).toBe(30_000 + 7_192 * 60);
  });

  it("uses the request's output cap, bounded by the model's own maximum", () => {
    expect(worstCase([gpt4], request({ maxOutputTokens: 100 }))).toBe(30_000 + 100 * 60);
    expect(worstCase([cheap], request({ maxOutputTokens: 1_000_000 }))).toBe(Math.ceil((1_000 * 50_000 + 16_384 * 80_000) / 1_000_000));
  });

  it('assumes a cap when the catalog has none, prices input at the cache-write rate if dearer, and never holds nothing', () => {
    const unknown = attempt({}, { input: 1_000_000, output: 2_000_000, cacheWrite: 1_250_000 });
    expect(worstCase([unknown], request())).toBe(1_250 + 32_768 * 2);
    expect(worstCase([unknown], request({ embedding: { values: ['a'] } }))).toBe(1_250);
    expect(worstCase([], request())).toBe(1);
  });

  it('holds the most units a request can be billed for at the unit price, when the offering prices that unit', () => {
    // A rerank at $2 per 1,000 searches; 1,000 input tokens at $0 and no output.
    const rerank = { ...attempt({ kind: 'rerank', maxOutputTokens: null, contextWindow: 4_096 }, { input: 0, output: 0 }) };
    rerank.offering = { ...rerank.offering, unitPrice: 2_000_000_000, priceUnit: 'search' };
    expect(worstCase([rerank], request({ maxOutputTokens: 0, maxUnits: { unit: 'search', quantity: 3 } }))).toBe(6_000);
    // Units the offering does not price hold nothing extra.
    expect(worstCase([rerank], request({ maxOutputTokens: 0, maxUnits: { unit: 'image', quantity: 3 } }))).toBe(1);
  });

  it('holds media at the unit price of every unit the request may be billed for, and an image model’s per-image output cap', () => {
    const withUnit = (model: Partial<CatalogModel>, prices: { input: number; output: number }, unitPrice: number) => {
      const base = attempt(model, prices);
      return { ...base, offering: { ...base.offering, unitPrice } } as Attempt;
    };
    const media = (call: Record<string, unknown>, kind: 'image' | 'speech' | 'transcription', audioBytes = 0) =>
      request({ estimatedInputTokens: 10, maxOutputTokens: 0, media: { kind, call, audioBytes } as unknown as ParsedRequest['media'] });
    // dall-e-3: $0.04 an image (4e10 µ$ per million images), three images.
    expect(worstCase([withUnit({}, { input: 0, output: 0 }, 40_000_000_000)], media({ n: 3, text: '' }, 'image'))).toBe(120_000);
    // gpt-image-1: no unit price; 6,240 output tokens an image at $40/M, two images, plus the prompt at $5/M.
    expect(worstCase([withUnit({ maxOutputTokens: 6_240 }, { input: 5_000_000, output: 40_000_000 }, 0)], media({ n: 2 }, 'image'))).toBe(50 + 2 * 6_240 * 40);
    // tts-1: $15 per million characters, 1,000 characters.
    expect(worstCase([withUnit({}, { input: 0, output: 0 }, 15_000_000)], media({ text: 'x'.repeat(1_000) }, 'speech'))).toBe(15_000);
    // whisper-1: $0.0001 a second; 20 kB of audio held as 10 s (16 kbit/s).
    expect(worstCase([withUnit({}, { input: 0, output: 0 }, 100_000_000)], media({}, 'transcription', 20_000))).toBe(1_000);
  });
});
