import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { authenticateApiKey, type KeyRecord } from '../auth/api-key-auth';
import { TtlCache } from '../cache/ttl-cache';
import { API_KEY_PATTERN, generateApiKey, isWellFormedKey } from './api-keys';

/** Flips one character of the random part to a different base62 character. */
function mutate(key: string, at: number): string {
  const swapped = key[at] === 'a' ? 'b' : 'a';
  return key.slice(0, at) + swapped + key.slice(at + 1);
}

describe('API key format', () => {
  it('is gth_ + 30 base62 + a 6-character base62 checksum, matching the published pattern', () => {
    for (let index = 0; index < 50; index += 1) {
      const { key, prefix } = generateApiKey();
      expect(key).toMatch(/^gth_[0-9A-Za-z]{36}$/);
      expect(key).toMatch(API_KEY_PATTERN);
      expect(prefix).toBe(key.slice(0, 10));
      expect(isWellFormedKey(key)).toBe(true);
    }
  });

  it('rejects look-alikes whose checksum does not match, offline', () => {
    const { key } = generateApiKey();
    for (const at of [4, 10, 33, 34, 39]) expect(isWellFormedKey(mutate(key, at))).toBe(false);
    for (const bad of ['', 'gth_', `gth_${'a'.repeat(36)}`, `${key}x`, key.slice(0, -1), `GTH_${key.slice(4)}`, `ghp_${key.slice(4)}`, 'sk-proj-abc']) {
      expect(isWellFormedKey(bad)).toBe(false);
    }
  });

  it('still accepts the legacy gh_ format (40 base64url characters), which has no checksum', () => {
    const legacy = `gh_${randomBytes(30).toString('base64url')}`;
    expect(isWellFormedKey(legacy)).toBe(true);
    expect(isWellFormedKey('gh_not-a-real-key-at-all-000000')).toBe(false);
  });
});

describe('authenticateApiKey', () => {
  const noDatabase = new Proxy({}, { get: () => { throw new Error('the database was asked'); } }) as unknown as Db;
  const headers = (key: string) => new Headers({ authorization: `Bearer ${key}` });

  it('refuses a malformed key with the usual 401 before any lookup', async () => {
    const cache = new TtlCache<KeyRecord | null>(0);
    const lookAlike = mutate(generateApiKey().key, 12);
    await expect(authenticateApiKey(noDatabase, cache, headers(lookAlike))).rejects.toMatchObject({ code: 'unauthorized', message: 'Invalid API key.' });
  });

  it('looks up a well-formed key, new or legacy', async () => {
    for (const key of [generateApiKey().key, `gh_${randomBytes(30).toString('base64url')}`]) {
      const cache = new TtlCache<KeyRecord | null>(0);
      await expect(authenticateApiKey(noDatabase, cache, headers(key))).rejects.toThrow('the database was asked');
    }
  });
});

describe('the published scanner rules', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

  it('match generated keys, and the README checksum snippet agrees with isWellFormedKey', () => {
    const rule = /regex = '''(.+)'''/.exec(readme)![1];
    const snippet = /```js\n([\s\S]*?function isGatehouseKey[\s\S]*?)```/.exec(readme)![1];
    const isGatehouseKey = new Function('require', `${snippet}; return isGatehouseKey;`)(createRequire(__filename)) as (key: string) => boolean;
    const { key } = generateApiKey();
    expect(new RegExp(rule).exec(`token=${key};`)?.[1]).toBe(key);
    expect(isGatehouseKey(key)).toBe(true);
    expect(isGatehouseKey(mutate(key, 20))).toBe(false);
  });
});
