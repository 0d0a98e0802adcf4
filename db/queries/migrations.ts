import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';

/**
 * When the newest migration applied to this database was generated (drizzle's own
 * bookkeeping table, `folderMillis` of the migration), or null if none was. One indexless
 * read of a table with one row per migration: cheap enough for a readiness probe, and it
 * proves the database answers.
 */
export async function latestAppliedMigration(db: DbOrTx): Promise<number | null> {
  const rows = await db.execute<{ latest: string | null }>(sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`);
  const latest = rows[0]?.latest;
  return latest ? Number(latest) : null;
}
