import { listApiKeys as listKeyRows } from '@/db/queries/api-keys';
import { findUserEmails } from '@/db/queries/users';
import { requireTeamRole, type ServiceContext } from '../context';

export type KeyStatus = 'active' | 'revoked' | 'expired' | 'limit-reached';

/** Whether the gateway would accept the key now (period spend limits are checked per request). */
export function keyStatus(row: { revokedAt: Date | null; expiresAt: Date | null; spentMicros: number; spendLimitMicros: number | null; spendLimitPeriod: string }, now: number): KeyStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now) return 'expired';
  if (row.spendLimitPeriod === 'total' && row.spendLimitMicros !== null && row.spentMicros >= row.spendLimitMicros) return 'limit-reached';
  return 'active';
}

/** A team's keys: prefixes and metadata (with the creator's email), never hashes. */
export async function listApiKeys({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const rows = await listKeyRows(ctx.db, team.id);
  const emails = await findUserEmails(ctx.db, [...new Set(rows.map((row) => row.createdBy).filter((id): id is string => Boolean(id)))]);
  const now = Date.now();
  return rows.map((row) => ({ ...row, createdByEmail: row.createdBy ? (emails.get(row.createdBy) ?? null) : null, status: keyStatus(row, now) }));
}
