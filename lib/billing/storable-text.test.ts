import { describe, expect, it } from 'vitest';
import { usageRowFixture } from '@/test/usage-row';
import { minimalUsageRow, storableText, storableUsageRow, textLimits } from './storable-text';

describe('storableText', () => {
  it('replaces NUL and lone surrogates, and keeps whole surrogate pairs', () => {
    expect(storableText('a\u0000b\u0000', 10)).toBe('a\uFFFDb\uFFFD');
    expect(storableText('x\uD800y\uDC00z', 10)).toBe('x\uFFFDy\uFFFDz');
    expect(storableText('emoji 😀 ok', 20)).toBe('emoji 😀 ok');
  });

  it('cuts to the bound without leaving half a surrogate pair', () => {
    expect(storableText('abcdef', 3)).toBe('abc');
    expect(storableText('ab😀', 3)).toBe('ab\uFFFD');
  });
});

describe('storableUsageRow', () => {
  it('bounds every client text, the tag list and the attempts, and keeps integers in range', () => {
    const row = storableUsageRow({
      ...usageRowFixture('team_t', 'gen_t', 1),
      requestedModel: 'm'.repeat(10_000),
      endUser: 'u\u0000',
      tags: Array.from({ length: 100 }, (_, index) => `tag${index}\u0000`),
      errorMessage: 'e'.repeat(100_000),
      inputTokens: 2 ** 40,
      attempts: Array.from({ length: 80 }, () => ({ model: 'x\uDFFF', provider: 'openai', credential: 'system' as const, status: 'error' as const, error: '\u0000', durationMs: 1 })),
    });
    expect(row.requestedModel).toHaveLength(textLimits.requestedModel);
    expect(row.endUser).toBe('u\uFFFD');
    expect(row.tags).toHaveLength(textLimits.tags);
    expect(row.tags?.[0]).toBe('tag0\uFFFD');
    expect(row.errorMessage).toHaveLength(textLimits.errorMessage);
    expect(row.inputTokens).toBe(2_147_483_647);
    expect(row.attempts).toHaveLength(textLimits.attempts);
    expect(row.attempts?.[0]).toMatchObject({ model: 'x\uFFFD', error: '\uFFFD' });
    expect(JSON.stringify(row)).not.toMatch(/\\u0000|\\ud[89a-f]/i);
  });

  it('keeps the money and nulls the free text in the minimal row', () => {
    const row = { ...usageRowFixture('team_t', 'gen_m', 55), endUser: 'u', tags: ['t'], servedModel: 'openai/gpt-4o', errorMessage: 'x', reservedMicros: 9 };
    expect(minimalUsageRow(row)).toMatchObject({ generationId: 'gen_m', billedMicros: 55, costMicros: 55, reservedMicros: 9, endUser: null, tags: [], errorMessage: null, requestedModel: 'openai/gpt-4o' });
    expect(row.endUser).toBe('u');
  });
});
