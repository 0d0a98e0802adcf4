import type { UsageExportRow } from '@/db/queries/usage-export';

export const exportFormats = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** The exported fields, in column order, under the names a CSV header and a JSON line use. */
export const exportColumns: ReadonlyArray<readonly [string, keyof UsageExportRow]> = [
  ['generation_id', 'generationId'],
  ['created_at', 'createdAt'],
  ['requested_model', 'requestedModel'],
  ['served_model', 'servedModel'],
  ['provider', 'provider'],
  ['credential_type', 'credentialType'],
  ['protocol', 'protocol'],
  ['streamed', 'streamed'],
  ['api_key_id', 'apiKeyId'],
  ['api_key_name', 'keyName'],
  ['api_key_prefix', 'keyPrefix'],
  ['end_user', 'endUser'],
  ['subject', 'subject'],
  ['tags', 'tags'],
  ['quota_entity_id', 'quotaEntityId'],
  ['status', 'status'],
  ['http_status', 'httpStatus'],
  ['error_code', 'errorCode'],
  ['error_message', 'errorMessage'],
  ['finish_reason', 'finishReason'],
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
  ['cached_input_tokens', 'cachedInputTokens'],
  ['cache_write_tokens', 'cacheWriteTokens'],
  ['reasoning_tokens', 'reasoningTokens'],
  ['usage_estimated', 'usageEstimated'],
  ['unit', 'unit'],
  ['quantity', 'quantity'],
  ['cost_micros', 'costMicros'],
  ['billed_micros', 'billedMicros'],
  ['ttft_ms', 'ttftMs'],
  ['latency_ms', 'latencyMs'],
];

/**
 * A spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(...)`,
 * `@SUM(...)`, `-2+3`); an end-user id or a tag is caller-supplied text, so such a cell gets a
 * leading apostrophe and is shown as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = Array.isArray(value) ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The text that starts an export: the CSV header, nothing for JSON Lines. */
export function exportPreamble(format: ExportFormat): string {
  return format === 'csv' ? csvLine(exportColumns.map(([name]) => name)) : '';
}

/** One row as a CSV record (CRLF-terminated) or a JSON line (LF-terminated). */
export function formatExportRow(format: ExportFormat, row: UsageExportRow): string {
  if (format === 'csv') return csvLine(exportColumns.map(([, field]) => row[field]));
  return `${JSON.stringify(Object.fromEntries(exportColumns.map(([name, field]) => [name, row[field]])))}\n`;
}
