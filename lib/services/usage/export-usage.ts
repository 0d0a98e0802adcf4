import { z } from 'zod';
import { usageExportBatch, type UsageExportCursor } from '@/db/queries/usage-export';
import { exportContentTypes, exportFormats, exportPreamble, formatExportRow, type ExportFormat } from '../../usage/export-format';
import type { ServiceContext } from '../context';
import type { UsageSearch } from './usage-params';
import { usageScope } from './usage-scope';

/** The most rows one export carries; the range (at most 366 days) bounds it too. */
export const MAX_EXPORT_ROWS = 5_000_000;
const BATCH_ROWS = 1_000;

const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** `format` and `limit` as they come in a query string, beside the usage view's filters. */
export const exportOptionsSchema = z.object({
  format: z.preprocess(blankIsAbsent, z.enum(exportFormats).default('csv')),
  limit: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(MAX_EXPORT_ROWS).optional()),
});

export type UsageExport = { filename: string; contentType: string; body: ReadableStream<Uint8Array> };

/**
 * The team's usage rows in the search's range, oldest first, as CSV or JSON Lines, for viewers
 * and up. Access and the range are checked before anything is sent; the rows are then read in
 * keyset batches as the reader pulls, so a slow client holds one batch, never the export.
 */
export async function exportUsage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { team: string; search: UsageSearch; format: ExportFormat; limit?: number; now?: Date; batchRows?: number };
}): Promise<UsageExport> {
  const { team, range, filter } = await usageScope(ctx, input);
  const encoder = new TextEncoder();
  const batchRows = input.batchRows ?? BATCH_ROWS;
  let remaining = Math.min(input.limit ?? MAX_EXPORT_ROWS, MAX_EXPORT_ROWS);
  let cursor: UsageExportCursor | undefined;
  let started = false;
  const nextBatch = async () => {
    const rows = await usageExportBatch(ctx.db, team.id, { ...filter, cursor, limit: Math.min(batchRows, remaining) });
    const last = rows.at(-1);
    if (last) cursor = { createdAt: last.createdAt, generationId: last.generationId };
    remaining = rows.length < batchRows ? 0 : remaining - rows.length;
    return rows;
  };
  // The first batch is read before anything is sent: a failing query is still an error status, not a cut download.
  let pending: Awaited<ReturnType<typeof nextBatch>> | undefined = await nextBatch();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          const preamble = exportPreamble(input.format);
          if (preamble) return controller.enqueue(encoder.encode(preamble));
        }
        const rows = pending ?? (remaining > 0 ? await nextBatch() : []);
        pending = undefined;
        if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((row) => formatExportRow(input.format, row)).join('')));
        if (remaining <= 0) controller.close();
      },
    },
    // One batch ahead at most: the next query waits until the reader has taken this one.
    { highWaterMark: 1 },
  );
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return {
    filename: `usage-${team.slug}-${day(range.from)}-to-${day(range.to)}.${input.format}`,
    contentType: exportContentTypes[input.format],
    body,
  };
}

/** The HTTP response of an export: a download, never cached. */
export function exportResponse(file: UsageExport): Response {
  return new Response(file.body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
