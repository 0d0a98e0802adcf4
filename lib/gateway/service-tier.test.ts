import { describe, expect, it } from 'vitest';
import { getProvider } from '../providers/registry';
import { firstByteTimeout, type Attempt } from './plan';
import { ignoredOptionsHeader, withServiceTier } from './service-tier';

const attempt = (slug: string, type: 'byok' | 'system') =>
  ({
    provider: getProvider(slug)!,
    credential: type === 'byok' ? { type, id: 'k', apiKey: 'x', baseURL: 'http://u', guarded: false } : { type, apiKey: 'x', baseURL: 'http://u' },
  }) as unknown as Attempt;

describe('per-attempt gateway options', () => {
  it('providerTimeouts.byok governs BYOK credentials only; the flat form every credential', () => {
    const options = { byokProviderTimeouts: { openai: 5000 }, providerTimeouts: { openai: 9000 } };
    expect(firstByteTimeout(options, attempt('openai', 'byok'))).toBe(5000);
    expect(firstByteTimeout(options, attempt('openai', 'system'))).toBe(9000);
    expect(firstByteTimeout({ byokProviderTimeouts: { openai: 5000 } }, attempt('openai', 'system'))).toBeUndefined();
  });

  it('adds service_tier for OpenAI only, and names what it ignored, bounded', () => {
    expect(withServiceTier({ model: 'm' }, { serviceTier: 'flex' }, attempt('openai', 'system'))).toEqual({ model: 'm', service_tier: 'flex' });
    expect(withServiceTier({ model: 'm' }, { serviceTier: 'flex' }, attempt('anthropic', 'system'))).toEqual({ model: 'm' });
    expect(ignoredOptionsHeader({ serviceTier: 'flex', ignored: ['a'] }, attempt('anthropic', 'system'))).toBe('a,serviceTier');
    expect(ignoredOptionsHeader({ serviceTier: 'flex' }, attempt('openai', 'system'))).toBeUndefined();
    const long = ignoredOptionsHeader({ ignored: Array.from({ length: 16 }, (_, index) => `${'k'.repeat(60)}${index}`) }, attempt('openai', 'system'))!;
    expect(long.length).toBeLessThanOrEqual(512);
    expect(long.endsWith(',')).toBe(false);
  });
});
