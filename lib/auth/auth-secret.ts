import { hkdfSync } from 'node:crypto';
import type { Env } from '../env';
import { localSecretFile } from '../runtime';

/**
 * The key that signs console sessions: AUTH_SECRET; else derived from GATEHOUSE_SECRET
 * (which several instances already share); else, for a single embedded install, one kept
 * in the data folder. Read once per runtime: a fresh value would sign everyone out.
 */
export function authSecret(env: Env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.GATEHOUSE_SECRET) return Buffer.from(hkdfSync('sha256', env.GATEHOUSE_SECRET, 'gatehouse', 'console-sessions-v1', 32)).toString('hex');
  return localSecretFile(env, 'auth-secret');
}
