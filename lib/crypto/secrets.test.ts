import { describe, expect, it } from 'vitest';
import { createSecretBox, maskSecret } from './secrets';
import { generateApiKey, hashApiKey } from './api-keys';

describe('secret box', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = createSecretBox('x'.repeat(40));
    const sealed = box.encrypt('sk-live-1234567890');
    expect(sealed).not.toContain('sk-live');
    expect(box.decrypt(sealed)).toBe('sk-live-1234567890');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('rejects a tampered ciphertext and a different secret', () => {
    const box = createSecretBox('x'.repeat(40));
    const sealed = box.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('zzzzzz').toString('base64url');
    expect(() => box.decrypt(parts.join('.'))).toThrow();
    expect(() => createSecretBox('y'.repeat(40)).decrypt(sealed)).toThrow();
  });

  it('masks all but the last four characters', () => {
    expect(maskSecret('sk-abcdefgh1234')).toBe('••••1234');
  });
});

describe('api keys', () => {
  it('are random, prefixed and hashed', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toBe(b.key);
    expect(a.key.startsWith(a.prefix)).toBe(true);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
