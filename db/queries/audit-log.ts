import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { auditLog, teams } from '../schema';

/** Field names whose value is a credential wherever they appear; an entry never stores one. */
const SECRET_FIELD = /^(api_?key|secret|password|password_?hash|token|access_?token|refresh_?token|authorization|client_?secret|private_?key|encrypted.*|.*_hash|.*Hash)$/i;

/** `data` with any credential-named field replaced, at any depth: a verb that passes its whole input cannot leak one. */
function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, SECRET_FIELD.test(name) ? '[redacted]' : redact(inner, depth + 1)]));
}

export async function insertAuditEntry(db: DbOrTx, entry: typeof auditLog.$inferInsert) {
  await db.insert(auditLog).values({ ...entry, data: entry.data && (redact(entry.data) as Record<string, unknown>) });
}

export type AuditFilter = {
  /** One team's entries; undefined for every entry of the install (instance admins only). */
  teamId?: string;
  actor?: string;
  action?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Entries older than this id (the previous page's last). */
  before?: number;
  limit: number;
};

/**
 * A page of audit entries, newest first, with the team's slug joined in. Keyset on the id,
 * the order of `audit_log_team_idx` for one team and of the primary key for the install.
 */
export async function listAuditEntries(db: DbOrTx, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.teamId !== undefined) conditions.push(eq(auditLog.teamId, filter.teamId));
  if (filter.actor !== undefined) conditions.push(eq(auditLog.actor, filter.actor));
  if (filter.action !== undefined) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from !== undefined) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to !== undefined) conditions.push(lt(auditLog.createdAt, filter.to));
  if (filter.before !== undefined) conditions.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      teamId: auditLog.teamId,
      teamSlug: teams.slug,
      actor: auditLog.actor,
      action: auditLog.action,
      target: auditLog.target,
      data: auditLog.data,
    })
    .from(auditLog)
    .leftJoin(teams, eq(teams.id, auditLog.teamId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextBefore: rows.length > filter.limit ? page[page.length - 1].id : null };
}
