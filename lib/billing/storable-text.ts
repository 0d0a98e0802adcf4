import type { AttemptRecord } from '@/db/schema';
import type { UsageRow } from '@/db/queries/usage-logs';

/**
 * Makes every text of a usage row storable before the row is buffered. PostgreSQL refuses
 * U+0000 in `text` and in `jsonb`, and a lone UTF-16 surrogate in `jsonb` (the rows travel as
 * one JSON parameter, see json-insert.ts): one such character in a client's model id or user
 * field made the whole batch fail on every retry. Lengths are bounded too, because indexed
 * columns (end user, requested model, tags, ...) fail past about 2,700 bytes and because the
 * text is client-controlled.
 */

/** U+0000, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT = '\uFFFD';

/**
 * Column bounds, in UTF-16 code units (at most 3 bytes each in UTF-8, so every bound stays
 * under the btree limit). Ids a client chooses get 256, free text from upstreams 1,000.
 */
export const textLimits = {
  requestedModel: 256,
  servedModel: 256,
  provider: 64,
  endUser: 256,
  subject: 512,
  quotaEntityId: 256,
  tag: 128,
  tags: 32,
  errorCode: 64,
  errorMessage: 1_000,
  finishReason: 64,
  attempts: 50,
  attemptModel: 256,
  attemptError: 500,
} as const;

/** `value` with U+0000 and lone surrogates replaced by U+FFFD, cut to `max` code units. */
export function storableText(value: string, max: number): string {
  let text = value.length > max ? value.slice(0, max) : value;
  unstorable.lastIndex = 0;
  // A cut through a surrogate pair leaves a lone high surrogate: the replacement catches it.
  if (unstorable.test(text)) text = text.replace(unstorable, REPLACEMENT);
  return text;
}

function optionalText(value: string | null | undefined, max: number): string | null | undefined {
  return typeof value === 'string' ? storableText(value, max) : value;
}

const INT4_MAX = 2_147_483_647;

/** An `integer` column's value: a whole number within PostgreSQL's int4 range. */
function int4(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return value as undefined;
  if (!Number.isFinite(value)) return 0;
  return Math.max(-INT4_MAX, Math.min(INT4_MAX, Math.round(value)));
}

function storableAttempt(attempt: AttemptRecord): AttemptRecord {
  return {
    model: storableText(String(attempt.model), textLimits.attemptModel),
    provider: storableText(String(attempt.provider), textLimits.provider),
    credential: attempt.credential,
    status: attempt.status,
    httpStatus: attempt.httpStatus,
    errorCode: optionalText(attempt.errorCode, textLimits.errorCode) ?? undefined,
    error: optionalText(attempt.error, textLimits.attemptError) ?? undefined,
    durationMs: attempt.durationMs,
  };
}

/** The row with every text storable and every bound applied; a new object, the input is left alone. */
export function storableUsageRow(row: UsageRow): UsageRow {
  return {
    ...row,
    requestedModel: storableText(row.requestedModel, textLimits.requestedModel),
    servedModel: optionalText(row.servedModel, textLimits.servedModel),
    provider: optionalText(row.provider, textLimits.provider),
    endUser: optionalText(row.endUser, textLimits.endUser),
    subject: optionalText(row.subject, textLimits.subject),
    quotaEntityId: optionalText(row.quotaEntityId, textLimits.quotaEntityId),
    tags: row.tags?.slice(0, textLimits.tags).map((tag) => storableText(String(tag), textLimits.tag)),
    errorCode: optionalText(row.errorCode, textLimits.errorCode),
    errorMessage: optionalText(row.errorMessage, textLimits.errorMessage),
    finishReason: optionalText(row.finishReason, textLimits.finishReason),
    attempts: row.attempts?.slice(0, textLimits.attempts).map(storableAttempt),
    httpStatus: int4(row.httpStatus) ?? 0,
    inputTokens: int4(row.inputTokens),
    outputTokens: int4(row.outputTokens),
    cachedInputTokens: int4(row.cachedInputTokens),
    cacheWriteTokens: int4(row.cacheWriteTokens),
    reasoningTokens: int4(row.reasoningTokens),
    ttftMs: int4(row.ttftMs),
    latencyMs: int4(row.latencyMs) ?? 0,
  };
}

/**
 * The last resort before a row is dead-lettered: only what the bill needs (ids, status, tokens,
 * money, times), every free text nulled, so the generation is still recorded and debited once.
 */
export function minimalUsageRow(row: UsageRow): UsageRow {
  const safe = storableUsageRow(row);
  return {
    ...safe,
    requestedModel: safe.servedModel ?? 'unknown',
    endUser: null,
    subject: null,
    quotaEntityId: null,
    tags: [],
    errorMessage: null,
    finishReason: null,
    attempts: [],
  };
}
