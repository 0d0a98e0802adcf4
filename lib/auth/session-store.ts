import { randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { insertConsoleSession, isConsoleSessionLive, revokeConsoleSession } from '@/db/queries/console-sessions';

/**
 * The server side of console sessions. Auth.js keeps a signed JWT in the cookie; the JWT
 * names a row here (`sid`), and the session stands only while that row does. A copied cookie
 * therefore dies with a sign-out, a password change or a disabled account, on every instance,
 * at the next request. Sessions last at most `maxAgeSeconds` from sign-in, however often used.
 */
export type SessionToken = { sub?: string | null; sid?: unknown };

export async function startSession(db: Db, userId: string, maxAgeSeconds: number): Promise<string> {
  const id = `ses_${randomBytes(18).toString('base64url')}`;
  await insertConsoleSession(db, { id, userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) });
  return id;
}

/** Tokens from before sessions were recorded carry no `sid`: they no longer stand, and the user signs in again. */
export async function sessionStands(db: Db, token: SessionToken): Promise<boolean> {
  return typeof token.sid === 'string' && typeof token.sub === 'string' && isConsoleSessionLive(db, token.sid, token.sub);
}

export async function endSession(db: Db, token: SessionToken | null | undefined): Promise<void> {
  if (token && typeof token.sid === 'string') await revokeConsoleSession(db, token.sid);
}
