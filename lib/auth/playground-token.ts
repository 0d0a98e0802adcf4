import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { DbOrTx } from '@/db/client';
import { findPlaygroundPrincipal } from '@/db/queries/playground';
import { GatewayError } from '../gateway/errors';
import type { Principal } from './api-key-auth';

/**
 * Short-lived bearer tokens that let a signed-in console user call the public gateway from
 * the playground without pasting an API key: `gthpg_<base64url payload>.<base64url HMAC-SHA256>`.
 * Stateless (any instance sharing GATEHOUSE_SECRET verifies them) and never stored; the
 * HMAC key is derived from the install's secret, so they die with a rotated secret. The prefix
 * is Gatehouse's own, distinct from API keys' `gth_` (the old `ghp_` was GitHub's token prefix).
 */
export const PLAYGROUND_TOKEN_PREFIX = 'gthpg_';
export const PLAYGROUND_TOKEN_TTL_MS = 15 * 60_000;

export type PlaygroundClaims = { teamId: string; userId: string; expiresAt: Date };

export type PlaygroundTokenCheck = { ok: true; claims: PlaygroundClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export type PlaygroundTokens = {
  issue(input: { teamId: string; userId: string; now?: number }): { token: string; expiresAt: Date };
  verify(token: string, now?: number): PlaygroundTokenCheck;
};

const shape = /^gthpg_([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/;

type Payload = { v: 1; team: string; user: string; exp: number };

export function isPlaygroundToken(value: string): boolean {
  return value.startsWith(PLAYGROUND_TOKEN_PREFIX);
}

function isPayload(value: unknown): value is Payload {
  const payload = value as Payload;
  return (
    typeof value === 'object' &&
    value !== null &&
    payload.v === 1 &&
    typeof payload.team === 'string' &&
    payload.team.length > 0 &&
    typeof payload.user === 'string' &&
    payload.user.length > 0 &&
    Number.isInteger(payload.exp)
  );
}

export function createPlaygroundTokens(secret: string, ttlMs = PLAYGROUND_TOKEN_TTL_MS): PlaygroundTokens {
  const key = Buffer.from(hkdfSync('sha256', secret, 'gatehouse', 'playground-tokens-v1', 32));
  const sign = (encodedPayload: string) => createHmac('sha256', key).update(encodedPayload).digest();

  return {
    issue({ teamId, userId, now = Date.now() }) {
      const exp = Math.floor((now + ttlMs) / 1000);
      const payload: Payload = { v: 1, team: teamId, user: userId, exp };
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return { token: `${PLAYGROUND_TOKEN_PREFIX}${encoded}.${sign(encoded).toString('base64url')}`, expiresAt: new Date(exp * 1000) };
    },
    verify(token, now = Date.now()) {
      const match = shape.exec(token);
      if (!match) return { ok: false, reason: 'malformed' };
      const [, encoded, signature] = match;
      // Checked before the payload is even parsed, in constant time, on the canonical encoding
      // (base64url has several spellings of the same last bits).
      const expected = Buffer.from(sign(encoded).toString('base64url'));
      if (!timingSafeEqual(Buffer.from(signature), expected)) return { ok: false, reason: 'signature' };
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (!isPayload(payload)) return { ok: false, reason: 'malformed' };
      if (payload.exp * 1000 <= now) return { ok: false, reason: 'expired' };
      return { ok: true, claims: { teamId: payload.team, userId: payload.user, expiresAt: new Date(payload.exp * 1000) } };
    },
  };
}

const refusals: Record<Exclude<PlaygroundTokenCheck, { ok: true }>['reason'], string> = {
  malformed: 'Invalid playground token.',
  signature: 'Invalid playground token.',
  expired: 'This playground token has expired; reload the playground for a new one.',
};

/**
 * The gateway principal for a playground token: its team, with the team's plan and policy,
 * billed to the team and logged with subject `user:<id>`. Membership is checked on every call,
 * so removing someone from a team (or making them a viewer, or disabling them) ends their playground at once.
 */
export async function authenticatePlaygroundToken(db: DbOrTx, tokens: PlaygroundTokens, token: string): Promise<Principal> {
  const check = tokens.verify(token);
  if (!check.ok) throw new GatewayError('unauthorized', refusals[check.reason]);
  const { teamId, userId } = check.claims;
  const found = await findPlaygroundPrincipal(db, teamId, userId);
  const allowed = found && !found.disabledAt && (found.isInstanceAdmin || found.role === 'member' || found.role === 'admin' || found.role === 'owner');
  if (!allowed) throw new GatewayError('unauthorized', 'This playground token no longer grants access to its team.');
  return {
    teamId,
    apiKeyId: null,
    plan: found.plan,
    settings: found.settings,
    spendLimitMicros: null,
    spendLimitPeriod: 'total',
    spentMicros: 0,
    requestsPerMinute: null,
    tokensPerMinute: null,
    subject: `user:${userId}`,
    memberId: userId,
  };
}
