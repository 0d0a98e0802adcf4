import type { Usage } from '../gateway/types';

/** Integer micro-dollars per million tokens. */
export type Prices = {
  inputPrice: number;
  outputPrice: number;
  cacheReadPrice: number | null;
  cacheWritePrice: number | null;
};

const MILLION = 1_000_000n;

/**
 * Cost in integer micro-dollars, rounded up to the next micro-dollar so that the sum of
 * many small requests never undercharges. Cached reads and cache writes are priced at
 * their own rates when the catalog has them, otherwise as ordinary input.
 */
export function priceUsage(usage: Usage, prices: Prices): number {
  const cached = BigInt(Math.min(usage.cachedInputTokens, usage.inputTokens));
  const written = BigInt(Math.min(usage.cacheWriteTokens, usage.inputTokens - Number(cached)));
  const plain = BigInt(usage.inputTokens) - cached - written;
  const total =
    plain * BigInt(prices.inputPrice) +
    cached * BigInt(prices.cacheReadPrice ?? prices.inputPrice) +
    written * BigInt(prices.cacheWritePrice ?? prices.inputPrice) +
    BigInt(usage.outputTokens) * BigInt(prices.outputPrice);
  return Number((total + MILLION - 1n) / MILLION);
}

/** Micro-dollars → dollars, for APIs that speak dollars. */
export function microsToDollars(micros: number): number {
  return micros / 1_000_000;
}

export function dollarsToMicros(dollars: number): number {
  return Math.round(dollars * 1_000_000);
}
