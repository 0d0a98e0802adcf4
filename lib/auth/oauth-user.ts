import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findUserByEmail, insertUser, type PublicUser } from '@/db/queries/users';

/**
 * The Gatehouse user for an OAuth/OIDC sign-in, linked by email: the existing account with
 * that address, or a new one (no password, no teams) on first sign-in.
 */
export async function userForOAuthProfile(db: Db, profile: { email: string; name: string | null; provider: string }): Promise<PublicUser> {
  const existing = await findUserByEmail(db, profile.email);
  if (existing) return existing;
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, { id: `user_${randomUUID().replace(/-/g, '').slice(0, 20)}`, email: profile.email, name: profile.name });
    await insertAuditEntry(tx, { actor: `user:${user.id}`, action: 'user.create', target: user.id, data: { via: profile.provider } });
    return user;
  });
}
