import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'gh_';

/** A new API key: `gh_` + 40 base62-ish characters; only its hash and a short prefix are stored. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_PREFIX + randomBytes(30).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length > KEY_PREFIX.length + 16;
}

/** A random token for invites and one-time links. */
export function generateToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
