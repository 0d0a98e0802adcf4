import type { PriceUnit } from '@/db/schema';
import type { Usage } from '../gateway/types';

/** Integer micro-dollars per million tokens, and per million `priceUnit`s for non-token models. */
export type Prices = {
  inputPrice: number;
  outputPrice: number;
  cacheReadPrice: number | null;
  cacheWritePrice: number | null;
  unitPrice?: number | null;
  priceUnit?: PriceUnit | null;
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
    BigInt(usage.outputTokens) * BigInt(prices.outputPrice) +
    unitCharge(usage, prices);
  return Number((total + MILLION - 1n) / MILLION);
}

/** Units (images, characters, seconds, searches) at the offering's unit price, when both name the same unit. */
function unitCharge(usage: Usage, prices: Prices): bigint {
  if (!usage.units || !prices.unitPrice || prices.priceUnit !== usage.units.unit) return 0n;
  return BigInt(Math.max(0, Math.ceil(usage.units.quantity))) * BigInt(prices.unitPrice);
}

/** Micro-dollars → dollars, for APIs that speak dollars. */
export function microsToDollars(micros: number): number {
  return micros / 1_000_000;
}

export function dollarsToMicros(dollars: number): number {
  return Math.round(dollars * 1_000_000);
}
