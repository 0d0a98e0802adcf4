import { z } from 'zod';
import { countDeadLetters, listDeadLetters } from '@/db/queries/usage-dead-letters';
import { requireInstanceAdmin, type ServiceContext } from '../context';

const inputSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Usage rows the database refused even without their free text (so not debited), newest first,
 * for instance admins only: they span teams. `row` is the row as the meter held it, decoded from
 * base64 as text (it may hold anything a client sent, which is why it is stored encoded).
 */
export async function listUsageDeadLetters({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof inputSchema> }) {
  requireInstanceAdmin(ctx);
  const { limit, before } = inputSchema.parse(input);
  const [rows, total] = await Promise.all([listDeadLetters(ctx.db, { limit, before: before ? new Date(before) : undefined }), countDeadLetters(ctx.db)]);
  return {
    total,
    data: rows.map((row) => ({
      generationId: row.generationId,
      teamId: row.teamId,
      billedMicros: row.billedMicros,
      errorCode: row.errorCode,
      error: row.error,
      createdAt: row.createdAt.toISOString(),
      row: Buffer.from(row.rowBase64, 'base64').toString('utf8'),
    })),
  };
}
