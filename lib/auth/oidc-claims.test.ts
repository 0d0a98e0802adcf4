import { describe, expect, it } from 'vitest';
import { failedClaim, globMatch } from './oidc-claims';

describe('claim globs', () => {
  it.each([
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/app:ref:refs/heads/main', true],
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/app:ref:refs/heads/dev', false],
    ['repo:acme/*:ref:refs/heads/main', 'repo:globex/app:ref:refs/heads/main', false],
    // `*` crosses `/` and `:`; nothing is a separator.
    ['repo:acme/*', 'repo:acme/app:environment:prod', true],
    ['repo:acme*', 'repo:acme-evil/app:ref:refs/heads/main', true],
    ['*', '', true],
    ['a*', 'a', true],
    ['*b', 'aab', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    // Whole value, case-sensitive, and `?` is just a character.
    ['acme', 'acme/app', false],
    ['Acme', 'acme', false],
    ['a?c', 'abc', false],
    ['a?c', 'a?c', true],
  ])('%s against %s → %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('stays fast on patterns that would make a backtracking regex explode', () => {
    const started = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('requires every condition, on string claims only', () => {
    const conditions = { sub: 'repo:acme/*', project_id: '42' };
    expect(failedClaim({ sub: 'repo:acme/app', project_id: '42' }, conditions)).toBeUndefined();
    expect(failedClaim({ sub: 'repo:acme/app', project_id: '43' }, conditions)).toBe('project_id');
    expect(failedClaim({ sub: 'repo:acme/app', project_id: 42 }, conditions)).toBe('project_id');
    expect(failedClaim({ sub: 'repo:acme/app' }, conditions)).toBe('project_id');
    expect(failedClaim({ sub: ['repo:acme/app'], project_id: '42' }, conditions)).toBe('sub');
  });
});
