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

function optionalText(value: string | null | undefined, max: number): string | undefined {
  return typeof value === 'string' ? storableText(value, max) : undefined;
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
    errorCode: optionalText(attempt.errorCode, textLimits.errorCode),
    error: optionalText(attempt.error, textLimits.attemptError),
    durationMs: attempt.durationMs,
  };
}

/**
 * Makes the row's texts storable and applies every bound, in place: the meter owns a row once
 * it is recorded, and assigning to existing properties keeps the object's shape (a copy by
 * spreading a literal of this size took V8's slow path, ~25 µs a row).
 */
export function storableUsageRow(row: UsageRow): UsageRow {
  row.requestedModel = storableText(row.requestedModel, textLimits.requestedModel);
  if (typeof row.servedModel === 'string') row.servedModel = storableText(row.servedModel, textLimits.servedModel);
  if (typeof row.provider === 'string') row.provider = storableText(row.provider, textLimits.provider);
  if (typeof row.endUser === 'string') row.endUser = storableText(row.endUser, textLimits.endUser);
  if (typeof row.subject === 'string') row.subject = storableText(row.subject, textLimits.subject);
  if (typeof row.quotaEntityId === 'string') row.quotaEntityId = storableText(row.quotaEntityId, textLimits.quotaEntityId);
  if (row.tags && row.tags.length > 0) row.tags = row.tags.slice(0, textLimits.tags).map((tag) => storableText(String(tag), textLimits.tag));
  if (typeof row.errorCode === 'string') row.errorCode = storableText(row.errorCode, textLimits.errorCode);
  if (typeof row.errorMessage === 'string') row.errorMessage = storableText(row.errorMessage, textLimits.errorMessage);
  if (typeof row.finishReason === 'string') row.finishReason = storableText(row.finishReason, textLimits.finishReason);
  if (row.attempts && row.attempts.length > 0) row.attempts = row.attempts.slice(0, textLimits.attempts).map(storableAttempt);
  row.httpStatus = int4(row.httpStatus) ?? 0;
  row.latencyMs = int4(row.latencyMs) ?? 0;
  if (row.inputTokens !== undefined) row.inputTokens = int4(row.inputTokens);
  if (row.outputTokens !== undefined) row.outputTokens = int4(row.outputTokens);
  if (row.cachedInputTokens !== undefined) row.cachedInputTokens = int4(row.cachedInputTokens);
  if (row.cacheWriteTokens !== undefined) row.cacheWriteTokens = int4(row.cacheWriteTokens);
  if (row.reasoningTokens !== undefined) row.reasoningTokens = int4(row.reasoningTokens);
  if (typeof row.ttftMs === 'number') row.ttftMs = int4(row.ttftMs);
  if (typeof row.unit === 'string') row.unit = storableText(row.unit, 16);
  if (typeof row.quantity === 'number') row.quantity = Number.isFinite(row.quantity) ? Math.min(Math.max(0, Math.ceil(row.quantity)), Number.MAX_SAFE_INTEGER) : 0;
  return row;
}

/**
 * The last resort before a row is dead-lettered: only what the bill needs (ids, status, tokens,
 * money, times), every free text nulled, so the generation is still recorded and debited once.
 */
export function minimalUsageRow(row: UsageRow): UsageRow {
  const safe = storableUsageRow({ ...row });
  return {
    ...safe,
    requestedModel: safe.servedModel ?? 'unknown',
    endUser: null,
    subject: null,
    quotaEntityId: null,
    appReferer: null,
    appTitle: null,
    o11y: null,
    tags: [],
    errorMessage: null,
    finishReason: null,
    attempts: [],
  };
}
