import { hash, randomBytes, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * API keys: `gth_` + 30 random base62 characters + 6 base62 characters of the CRC32 of
 * those 30, the shape GitHub's tokens use. The prefix collides with no well-known scanner
 * rule (`gh[pousr]_` are GitHub's, `gsk_` Groq's, `sk-` OpenAI's), and the checksum lets a
 * secret scanner, or the gateway itself, tell a real key from a look-alike offline.
 * Only the SHA-256 of the whole key is stored.
 */
export const KEY_PREFIX = 'gth_';
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The published pattern (README, gitleaks and trufflehog rules): keep them in step. */
export const API_KEY_PATTERN = /^gth_[0-9A-Za-z]{30}[0-9A-Za-z]{6}$/;
/** Keys made before the checksum format: `gh_` + 40 base64url characters, accepted until revoked. */
const LEGACY_KEY_PATTERN = /^gh_[A-Za-z0-9_-]{40}$/;

function randomBase62(length: number): string {
  let out = '';
  // randomInt rejects biased draws, so every character is uniform over the 62.
  for (let index = 0; index < length; index += 1) out += BASE62[randomInt(62)];
  return out;
}

/** CRC32 as exactly six base62 digits (62^6 > 2^32), most significant first. */
function checksum(random: string): string {
  let value = crc32(random);
  let out = '';
  for (let index = 0; index < CHECKSUM_LENGTH; index += 1) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** A new API key; only its hash and a short prefix (safe to show) are stored. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const random = randomBase62(RANDOM_LENGTH);
  const key = KEY_PREFIX + random + checksum(random);
  return { key, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) };
}

export function hashApiKey(key: string): string {
  // One-shot: `createHash(…).update(…).digest(…)` builds a Hash object (with a native handle
  // the collector must finalise) on every model call, about 1 µs more per key.
  return hash('sha256', key, 'hex');
}

/**
 * Whether `key` could be a key this gateway issued: the current format with a matching
 * checksum, or the legacy `gh_` shape. Anything else is refused before the database is asked.
 */
export function isWellFormedKey(key: string): boolean {
  if (API_KEY_PATTERN.test(key)) {
    const random = key.slice(KEY_PREFIX.length, KEY_PREFIX.length + RANDOM_LENGTH);
    return checksum(random) === key.slice(KEY_PREFIX.length + RANDOM_LENGTH);
  }
  return LEGACY_KEY_PATTERN.test(key);
}

/** A random token for invites and one-time links. */
export function generateToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
