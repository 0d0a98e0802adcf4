import type { Db } from '@/db/client';
import { findInviteByHash } from '@/db/queries/invites';
import { hashApiKey } from '../../crypto/api-keys';
import { GatewayError } from '../../gateway/errors';

/** The open invite behind a link's token; a used, expired or unknown token is one error. */
export async function findOpenInvite(db: Db, token: string) {
  const invite = token ? await findInviteByHash(db, hashApiKey(token)) : undefined;
  if (!invite || invite.acceptedAt || invite.expiresAt.getTime() <= Date.now()) {
    throw new GatewayError('not_found', 'This invite link is invalid, expired or already used. Ask for a new one.');
  }
  return invite;
}
