import { describe, expect, it } from 'vitest';
import type { TeamModel, TeamOffering } from '@/lib/services/models/team-availability';
import { applyFilter, filterSearch, readFilter, shownOffering } from './model-filters';

const offering = (provider: string, inputPrice: number, usable = true): TeamOffering => ({
  provider,
  providerName: provider,
  upstreamModelId: 'x',
  inputPrice,
  outputPrice: inputPrice * 4,
  cacheReadPrice: null,
  cacheWritePrice: null,
  usable,
  credentials: usable ? ['system'] : [],
  blockedBy: usable ? null : 'credentials',
  reason: null,
});
const model = (id: string, offerings: TeamOffering[], extra: Partial<TeamModel> = {}): TeamModel => ({
  id,
  name: id.split('/')[1],
  creator: id.split('/')[0],
  kind: 'language',
  contextWindow: 128_000,
  maxOutputTokens: 4_096,
  capabilities: [],
  inputModalities: ['text'],
  releasedAt: null,
  offerings,
  usable: offerings.some((item) => item.usable),
  blockedByModelList: null,
  ...extra,
});

const models = [
  model('moonshotai/kimi-k2', [offering('moonshotai', 600_000, false), offering('groq', 1_000_000)], { contextWindow: 131_072, capabilities: ['tool-use'] }),
  model('openai/gpt-4o', [offering('openai', 2_500_000)], { capabilities: ['tool-use', 'vision'] }),
  model('anthropic/claude-sonnet-4', [offering('anthropic', 3_000_000, false)], { contextWindow: 200_000, capabilities: ['reasoning'] }),
  model('openai/tts-1', [{ ...offering('openai', 0), unitPrice: 15_000_000, priceUnit: 'character' }], { kind: 'speech', contextWindow: null }),
];
const ids = (filter: Partial<ReturnType<typeof readFilter>>) => applyFilter(models, { ...readFilter(new URLSearchParams()), ...filter }).map((item) => item.id);

describe('model filters', () => {
  it('show the price of the cheapest usable provider, or of the chosen one', () => {
    expect(shownOffering(models[0], '')?.provider).toBe('groq');
    expect(shownOffering(models[0], 'moonshotai')?.provider).toBe('moonshotai');
    expect(shownOffering(models[2], '')?.provider).toBe('anthropic');
  });

  it('search, filter and sort', () => {
    expect(ids({})).toEqual(['moonshotai/kimi-k2', 'openai/gpt-4o', 'openai/tts-1', 'anthropic/claude-sonnet-4']);
    expect(ids({ type: 'speech' })).toEqual(['openai/tts-1']);
    expect(ids({ type: 'language' })).toEqual(['moonshotai/kimi-k2', 'openai/gpt-4o', 'anthropic/claude-sonnet-4']);
    expect(ids({ q: 'GPT 4o' })).toEqual(['openai/gpt-4o']);
    expect(ids({ creator: 'anthropic' })).toEqual(['anthropic/claude-sonnet-4']);
    expect(ids({ provider: 'groq' })).toEqual(['moonshotai/kimi-k2']);
    expect(ids({ capability: 'tool-use' })).toEqual(['moonshotai/kimi-k2', 'openai/gpt-4o']);
    expect(ids({ maxInput: '2.5' })).toEqual(['moonshotai/kimi-k2', 'openai/gpt-4o', 'openai/tts-1']);
    expect(ids({ usableOnly: true })).toEqual(['moonshotai/kimi-k2', 'openai/gpt-4o', 'openai/tts-1']);
    expect(ids({ provider: 'moonshotai', usableOnly: true })).toEqual([]);
    expect(ids({ sort: 'input-price', type: 'language' })).toEqual(['moonshotai/kimi-k2', 'openai/gpt-4o', 'anthropic/claude-sonnet-4']);
    expect(ids({ sort: 'context' })).toEqual(['anthropic/claude-sonnet-4', 'moonshotai/kimi-k2', 'openai/gpt-4o', 'openai/tts-1']);
  });

  it('round-trip through the address bar', () => {
    const filter = { ...readFilter(new URLSearchParams()), q: 'kimi', provider: 'groq', type: 'language', usableOnly: true, sort: 'context' as const };
    expect(readFilter(new URLSearchParams(filterSearch(filter)))).toEqual(filter);
    expect(readFilter(new URLSearchParams('sort=bogus')).sort).toBe('name');
  });
});

describe('unit prices', () => {
  it('read in the unit people quote them in', async () => {
    const { unitPriceLabel } = await import('./model-format');
    expect(unitPriceLabel(40_000_000_000, 'image')).toBe('$0.04 / image');
    expect(unitPriceLabel(15_000_000, 'character')).toBe('$15.00 / 1M characters');
    expect(unitPriceLabel(100_000_000, 'second')).toBe('$0.006 / minute');
    expect(unitPriceLabel(null, 'image')).toBeNull();
  });
});
