import { describe, expect, it } from 'vitest';
import { formatScaled, microsToDollarString, pricePerToken } from './format';

describe('exact decimal formatting', () => {
  it('formats micro-dollars as dollars', () => {
    expect(microsToDollarString(12_340_000)).toBe('12.34');
    expect(microsToDollarString(1)).toBe('0.000001');
    expect(microsToDollarString(0)).toBe('0');
    expect(microsToDollarString(-2_500_000)).toBe('-2.5');
  });

  it('formats per-million prices per token', () => {
    expect(pricePerToken(2_500_000)).toBe('0.0000025');
    expect(pricePerToken(15_000_000)).toBe('0.000015');
    expect(formatScaled(123, 2)).toBe('1.23');
  });
});
