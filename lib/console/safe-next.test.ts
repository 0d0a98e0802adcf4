import { describe, expect, it } from 'vitest';
import { loginUrl, safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps the whole path, query and fragment of a page on this site', () => {
    expect(safeNext('/t/acme/usage')).toBe('/t/acme/usage');
    expect(safeNext('/t/acme/usage?range=7d&model=openai%2Fgpt-4o#top')).toBe('/t/acme/usage?range=7d&model=openai%2Fgpt-4o#top');
    expect(safeNext('/t/acme/models/openai/gpt-4o')).toBe('/t/acme/models/openai/gpt-4o');
  });

  it('normalises dot segments the way a browser would resolve them', () => {
    expect(safeNext('/t/acme/../other/keys')).toBe('/t/other/keys');
  });

  it.each([
    ['another host', '//evil.example/path'],
    ['a backslash host', '/\\evil.example'],
    ['a backslash later on', '/t/\\\\evil.example'],
    ['a tab that browsers drop', '/\t/evil.example'],
    ['a newline', '/t/acme\n/keys'],
    ['an absolute URL', 'https://evil.example/t/acme'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a relative path', 't/acme'],
    ['the sign-in page (a loop)', '/login?next=/login'],
    ['the auth routes', '/api/auth/signout'],
    ['an empty string', ''],
    ['something longer than 2 KiB', `/t/acme?q=${'a'.repeat(2_100)}`],
  ])('refuses %s', (_label, value) => {
    expect(safeNext(value)).toBe('/teams');
  });

  it('refuses what is not a string and uses the caller’s fallback', () => {
    expect(safeNext(undefined)).toBe('/teams');
    expect(safeNext(['/t/acme'])).toBe('/teams');
    expect(safeNext('//evil', '/t/acme')).toBe('/t/acme');
  });
});

describe('loginUrl', () => {
  it('carries the page asked for, encoded, or nothing when it is unsafe', () => {
    expect(loginUrl('/t/acme/usage?range=7d')).toBe('/login?next=%2Ft%2Facme%2Fusage%3Frange%3D7d');
    expect(loginUrl('//evil.example')).toBe('/login');
    expect(loginUrl(undefined)).toBe('/login');
  });
});
