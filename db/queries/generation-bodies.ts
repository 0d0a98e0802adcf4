import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { generationBodies } from '../schema';

export type GenerationBodyRow = typeof generationBodies.$inferInsert;

/** A batch of captured bodies; a generation already stored keeps its first body. */
export async function insertGenerationBodies(db: DbOrTx, rows: GenerationBodyRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(generationBodies).values(rows).onConflictDoNothing();
}

/** One generation's stored body, scoped by team (another team's id is not found). */
export async function findGenerationBody(db: DbOrTx, teamId: string, generationId: string) {
  const [row] = await db
    .select({ request: generationBodies.request, response: generationBodies.response, truncated: generationBodies.truncated, redactions: generationBodies.redactions, createdAt: generationBodies.createdAt })
    .from(generationBodies)
    .where(and(eq(generationBodies.teamId, teamId), eq(generationBodies.generationId, generationId)))
    .limit(1);
  return row;
}

/**
 * Deletes up to `limit` bodies older than their team's retention (`body_retention_days` before
 * `now`); rows another instance is deleting are skipped. Returns how many went.
 */
export async function pruneExpiredBodies(db: DbOrTx, now: Date, limit: number): Promise<number> {
  const deleted = await db.execute(sql`
    delete from generation_bodies where generation_id in (
      select b.generation_id from generation_bodies b
      join team_settings s on s.team_id = b.team_id
      where b.created_at < ${now.toISOString()}::timestamptz - make_interval(days => s.body_retention_days)
      limit ${limit} for update of b skip locked)
    returning 1`);
  return deleted.length;
}
