import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';

export type AttemptRecord = {
  model: string;
  provider: string;
  credential: 'byok' | 'system';
  status: 'success' | 'error' | 'aborted';
  httpStatus?: number;
  errorCode?: string;
  error?: string;
  durationMs: number;
};

/** One row per generation, written exactly once (primary key = generation id). */
export const usageLogs = pgTable(
  'usage_logs',
  {
    generationId: text('generation_id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    apiKeyId: text('api_key_id'),
    endUser: text('end_user'),
    subject: text('subject'),
    tags: text('tags').array().notNull().default([]),
    quotaEntityId: text('quota_entity_id'),
    /** App attribution as the client sent it (`http-referer`, `x-title`), sanitised and bounded; see lib/gateway/attribution.ts. */
    appReferer: text('app_referer'),
    appTitle: text('app_title'),
    /** The client's `ai-o11y-*` headers (name without the prefix → value), capped in count and length. */
    o11y: jsonb('o11y').$type<Record<string, string>>(),
    requestedModel: text('requested_model').notNull(),
    servedModel: text('served_model'),
    provider: text('provider'),
    /** 'byok' | 'system' */
    credentialType: text('credential_type'),
    /** a ClientProtocol: 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'embeddings' | 'ai-sdk' | 'images' | 'speech' | 'transcription' | 'rerank' */
    protocol: text('protocol').notNull(),
    streamed: boolean('streamed').notNull().default(false),
    /** 'success' | 'error' | 'aborted' */
    status: text('status').notNull(),
    httpStatus: integer('http_status').notNull(),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    finishReason: text('finish_reason'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cachedInputTokens: integer('cached_input_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    reasoningTokens: integer('reasoning_tokens').notNull().default(0),
    /** True when the upstream never reported usage (client abort, cut stream) and tokens were estimated. */
    usageEstimated: boolean('usage_estimated').notNull().default(false),
    /** Non-token usage (images, characters, seconds, searches) and how many; null for token-only calls. */
    unit: text('unit'),
    quantity: bigint('quantity', { mode: 'number' }),
    costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
    /** What was debited from credits: equals cost for system credentials, 0 for BYOK. */
    billedMicros: bigint('billed_micros', { mode: 'number' }).notNull().default(0),
    ttftMs: integer('ttft_ms'),
    latencyMs: integer('latency_ms').notNull(),
    attempts: jsonb('attempts').$type<AttemptRecord[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Charts, top lists, reports and key spend read usage_rollups; these indexes serve only the
  // usage list (keyset pages) and its filters that would otherwise walk a team's whole range.
  // Model, provider and key filters walk (team, created_at) instead: measured in bench/usage-scale.ts.
  (table) => [
    // Keyset pagination order (created_at, generation_id) with no sort step.
    index('usage_logs_team_created_idx').on(table.teamId, table.createdAt, table.generationId),
    index('usage_logs_team_failed_idx').on(table.teamId, table.status, table.createdAt).where(sql`${table.status} <> 'success'`),
    index('usage_logs_team_end_user_idx').on(table.teamId, table.endUser, table.createdAt).where(sql`${table.endUser} is not null`),
    // Partial: untagged rows (most) cost nothing here. Queries add the predicate so the planner can use it.
    index('usage_logs_tags_idx').using('gin', table.tags).where(sql`cardinality(${table.tags}) > 0`),
    index('usage_logs_team_quota_entity_idx').on(table.teamId, table.quotaEntityId, table.createdAt).where(sql`${table.quotaEntityId} is not null`),
  ],
);
