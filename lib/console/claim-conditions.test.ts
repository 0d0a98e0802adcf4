import { describe, expect, it } from 'vitest';
import { parseClaimConditions } from './claim-conditions';

describe('parseClaimConditions', () => {
  it('reads one claim=pattern per line, keeping = inside the pattern', () => {
    expect(parseClaimConditions('sub=repo:acme/app:*\n\n# pinned\n repository_owner_id = 42 \nref=a=b')).toEqual({
      ok: true,
      conditions: { sub: 'repo:acme/app:*', repository_owner_id: '42', ref: 'a=b' },
    });
    expect(parseClaimConditions('  ')).toEqual({ ok: true, conditions: {} });
  });

  it.each([
    ['sub', /line 1: write it as claim=pattern/],
    ['sub=x\n=y', /line 2: write it as claim=pattern/],
    ['sub=', /line 1: write it as claim=pattern/],
    ['the sub=x', /line 1: 'the sub' is not a claim name/],
    ['sub=a\nsub=b', /line 2: 'sub' is already there/],
  ])('names the line that is wrong in %j', (text, message) => {
    const parsed = parseClaimConditions(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });
});
