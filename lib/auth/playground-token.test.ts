import { describe, expect, it } from 'vitest';
import { createPlaygroundTokens, isPlaygroundToken, PLAYGROUND_TOKEN_TTL_MS } from './playground-token';

const secret = 's'.repeat(40);
const now = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('playground tokens', () => {
  it('issue a gthpg_ token that verifies to its team and user, for about 15 minutes', () => {
    const tokens = createPlaygroundTokens(secret);
    const { token, expiresAt } = tokens.issue({ teamId: 'team_1', userId: 'user_1', now });
    expect(token).toMatch(/^gthpg_[\w-]+\.[\w-]{43}$/);
    expect(isPlaygroundToken(token)).toBe(true);
    expect(expiresAt.getTime()).toBe(now + PLAYGROUND_TOKEN_TTL_MS);
    expect(tokens.verify(token, now + 60_000)).toEqual({ ok: true, claims: { teamId: 'team_1', userId: 'user_1', expiresAt } });
  });

  it('reject an expired token', () => {
    const tokens = createPlaygroundTokens(secret);
    const { token } = tokens.issue({ teamId: 'team_1', userId: 'user_1', now });
    expect(tokens.verify(token, now + PLAYGROUND_TOKEN_TTL_MS - 1).ok).toBe(true);
    expect(tokens.verify(token, now + PLAYGROUND_TOKEN_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reject a token whose payload or signature was changed', () => {
    const tokens = createPlaygroundTokens(secret);
    const { token } = tokens.issue({ teamId: 'team_1', userId: 'user_1', now });
    const [body, signature] = token.slice('gthpg_'.length).split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, team: 'team_2' })).toString('base64url');
    expect(tokens.verify(`gthpg_${forged}.${signature}`, now)).toEqual({ ok: false, reason: 'signature' });
    const extended = Buffer.from(JSON.stringify({ ...payload, exp: (payload.exp as number) + 3_600 })).toString('base64url');
    expect(tokens.verify(`gthpg_${extended}.${signature}`, now)).toEqual({ ok: false, reason: 'signature' });
    // Every other last character of the signature, including ones that decode to the same bytes.
    for (const last of 'AQgw') {
      if (last === signature.at(-1)) continue;
      expect(tokens.verify(`gthpg_${body}.${signature.slice(0, -1)}${last}`, now)).toEqual({ ok: false, reason: 'signature' });
    }
  });

  it('reject a token signed with another secret', () => {
    const { token } = createPlaygroundTokens('other-secret-'.repeat(4)).issue({ teamId: 'team_1', userId: 'user_1', now });
    expect(createPlaygroundTokens(secret).verify(token, now)).toEqual({ ok: false, reason: 'signature' });
  });

  it('reject malformed tokens without throwing', () => {
    const tokens = createPlaygroundTokens(secret);
    for (const value of ['', 'gthpg_', 'gthpg_abc', 'gthpg_abc.def', 'gh_abcdef', `gthpg_${'a'.repeat(10)}.${'b'.repeat(44)}`, 'gthpg_a b.c']) {
      expect(tokens.verify(value, now)).toEqual({ ok: false, reason: 'malformed' });
    }
    // A valid signature over a payload that is not the expected shape.
    const sneaky = createPlaygroundTokens(secret).issue({ teamId: '', userId: 'user_1', now }).token;
    expect(tokens.verify(sneaky, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
