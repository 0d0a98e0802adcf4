import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/errors';
import { billedSearchUnits, boundedDocumentTexts, estimateSearchUnits, rerankLimits } from './rerank';

describe('estimateSearchUnits (Cohere: a query with up to 100 documents, a long one counted per 500-token chunk)', () => {
  it('counts one search per 100 short documents', () => {
    expect(estimateSearchUnits('q', ['a'])).toBe(1);
    expect(estimateSearchUnits('q', Array.from({ length: 100 }, () => 'a'))).toBe(1);
    expect(estimateSearchUnits('q', Array.from({ length: 101 }, () => 'a'))).toBe(2);
  });

  it('counts a document once per 500 tokens of query and document together', () => {
    // 4,000 characters ≈ 1,000 tokens, plus the query: 3 chunks each; 34 such documents are 102 chunks.
    const long = 'x'.repeat(4_000);
    expect(estimateSearchUnits('query', Array.from({ length: 33 }, () => long))).toBe(1);
    expect(estimateSearchUnits('query', Array.from({ length: 34 }, () => long))).toBe(2);
  });
});

describe('billedSearchUnits', () => {
  it("reads Cohere's meta.billed_units.search_units and nothing else", () => {
    expect(billedSearchUnits({ meta: { billed_units: { search_units: 2 } } })).toBe(2);
    expect(billedSearchUnits({ meta: { billed_units: { search_units: 1.2 } } })).toBe(2);
    expect(billedSearchUnits({ meta: { billed_units: { input_tokens: 9 } } })).toBeUndefined();
    expect(billedSearchUnits({ meta: { billed_units: { search_units: -1 } } })).toBeUndefined();
    expect(billedSearchUnits({ meta: { billed_units: { search_units: '3' } } })).toBeUndefined();
    expect(billedSearchUnits(null)).toBeUndefined();
  });
});

describe('boundedDocumentTexts', () => {
  it('sends object documents as their JSON text and refuses more than the total character cap', () => {
    expect(boundedDocumentTexts('q', ['a', { title: 'b' }], 'documents')).toEqual(['a', '{"title":"b"}']);
    const half = 'x'.repeat(rerankLimits.maxTotalChars / 2);
    expect(() => boundedDocumentTexts('q', [half, half], 'documents')).toThrow(GatewayError);
    expect(boundedDocumentTexts('', [half, half], 'documents')).toHaveLength(2);
  });
});
