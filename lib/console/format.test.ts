import { describe, expect, it } from 'vitest';
import { formatDollars, formatRelative, formatSignedDollars } from './format';

describe('console formatting', () => {
  it('shows dollars exactly, with at least cents', () => {
    expect(formatDollars(12_340_000)).toBe('$12.34');
    expect(formatDollars(0)).toBe('$0.00');
    expect(formatDollars(123)).toBe('$0.000123');
    expect(formatDollars(1_234_567_000_000)).toBe('$1,234,567.00');
    expect(formatSignedDollars(10_000_000)).toBe('+$10.00');
    expect(formatSignedDollars(-95)).toBe('−$0.000095');
  });

  it('says when, relative to now', () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    expect(formatRelative(null, now)).toBe('never');
    expect(formatRelative(new Date(now - 30_000), now)).toBe('just now');
    expect(formatRelative(new Date(now - 3 * 60_000), now)).toBe('3 minutes ago');
    expect(formatRelative(new Date(now + 2 * 86_400_000), now)).toBe('in 2 days');
  });
});
