import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { apiKeys, usageLogs } from '../schema';
import { filterConditions, type UsageFilter } from './usage-console';

/** Where the previous batch ended: the row's timestamp to the microsecond (UTC ISO text) and its id. */
export type UsageExportCursor = { createdAt: string; generationId: string };

/**
 * What an export carries of a usage row: everything a team may read about its own calls
 * (the key's name and prefix joined in), never the key's hash, the team id (the export's
 * scope), the credit held at admission or the raw attempt list (internal bookkeeping).
 */
const exportColumns = {
  generationId: usageLogs.generationId,
  createdAt: sql<string>`to_char(${usageLogs.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  requestedModel: usageLogs.requestedModel,
  servedModel: usageLogs.servedModel,
  provider: usageLogs.provider,
  credentialType: usageLogs.credentialType,
  protocol: usageLogs.protocol,
  streamed: usageLogs.streamed,
  apiKeyId: usageLogs.apiKeyId,
  keyName: apiKeys.name,
  keyPrefix: apiKeys.prefix,
  endUser: usageLogs.endUser,
  subject: usageLogs.subject,
  tags: usageLogs.tags,
  quotaEntityId: usageLogs.quotaEntityId,
  status: usageLogs.status,
  httpStatus: usageLogs.httpStatus,
  errorCode: usageLogs.errorCode,
  errorMessage: usageLogs.errorMessage,
  finishReason: usageLogs.finishReason,
  inputTokens: usageLogs.inputTokens,
  outputTokens: usageLogs.outputTokens,
  cachedInputTokens: usageLogs.cachedInputTokens,
  cacheWriteTokens: usageLogs.cacheWriteTokens,
  reasoningTokens: usageLogs.reasoningTokens,
  usageEstimated: usageLogs.usageEstimated,
  unit: usageLogs.unit,
  quantity: usageLogs.quantity,
  costMicros: usageLogs.costMicros,
  billedMicros: usageLogs.billedMicros,
  ttftMs: usageLogs.ttftMs,
  latencyMs: usageLogs.latencyMs,
};

/**
 * One batch of an export, oldest first, after `cursor`. Keyset order on
 * (created_at, generation_id), the order of the team's usage index, so batch N costs what the
 * first one does and the whole export never sits in memory. One statement, so the driver's
 * statement deadline bounds each batch.
 */
export async function usageExportBatch(db: DbOrTx, teamId: string, options: UsageFilter & { cursor?: UsageExportCursor; limit: number }) {
  const conditions = filterConditions(teamId, options);
  if (options.cursor) {
    conditions.push(sql`(${usageLogs.createdAt}, ${usageLogs.generationId}) > (${options.cursor.createdAt}::timestamptz, ${options.cursor.generationId})`);
  }
  return db
    .select(exportColumns)
    .from(usageLogs)
    .leftJoin(apiKeys, and(eq(apiKeys.id, usageLogs.apiKeyId), eq(apiKeys.teamId, usageLogs.teamId)))
    .where(and(...conditions))
    .orderBy(asc(usageLogs.createdAt), asc(usageLogs.generationId))
    .limit(options.limit);
}

export type UsageExportRow = Awaited<ReturnType<typeof usageExportBatch>>[number];
