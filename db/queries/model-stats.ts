import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { usageLogs } from '../schema';

export type ObservedProviderStats = {
  provider: string;
  /** Successful calls served by this provider in the window. */
  requests: number;
  /** Median time to first token of the streamed ones, or null when none streamed. */
  ttftP50Ms: number | null;
  /** Output tokens per second after the first token, over the streamed calls; null without data. */
  tokensPerSecond: number | null;
};

/**
 * How each provider has served one model for one team since a moment: successful calls,
 * median time to first token and output speed, from the usage log (the model that was
 * served, so fallbacks count for the model that answered).
 */
export async function observedProviderStats(db: DbOrTx, filter: { teamId: string; modelId: string; since: Date }): Promise<ObservedProviderStats[]> {
  const streamed = sql`${usageLogs.ttftMs} is not null and ${usageLogs.latencyMs} > ${usageLogs.ttftMs} and ${usageLogs.outputTokens} > 0`;
  const rows = await db
    .select({
      provider: sql<string>`${usageLogs.provider}`,
      requests: sql`count(*)`.mapWith(Number),
      ttftP50Ms: sql<number | null>`percentile_cont(0.5) within group (order by ${usageLogs.ttftMs}) filter (where ${usageLogs.ttftMs} is not null)`,
      streamedTokens: sql`coalesce(sum(${usageLogs.outputTokens}) filter (where ${streamed}), 0)`.mapWith(Number),
      streamedMs: sql`coalesce(sum(${usageLogs.latencyMs} - ${usageLogs.ttftMs}) filter (where ${streamed}), 0)`.mapWith(Number),
    })
    .from(usageLogs)
    .where(
      and(
        eq(usageLogs.teamId, filter.teamId),
        eq(usageLogs.servedModel, filter.modelId),
        eq(usageLogs.status, 'success'),
        isNotNull(usageLogs.provider),
        gte(usageLogs.createdAt, filter.since),
      ),
    )
    .groupBy(usageLogs.provider)
    .orderBy(usageLogs.provider);
  return rows.map((row) => ({
    provider: row.provider,
    requests: row.requests,
    ttftP50Ms: row.ttftP50Ms === null ? null : Math.round(Number(row.ttftP50Ms)),
    tokensPerSecond: row.streamedMs > 0 ? Math.round((row.streamedTokens / row.streamedMs) * 10_000) / 10 : null,
  }));
}
