import { z } from 'zod';
import { listAuditEntries } from '@/db/queries/audit-log';
import { GatewayError } from '../../gateway/errors';
import { requireInstanceAdmin, requireTeamRole, type ServiceContext } from '../context';

const DAY_MS = 86_400_000;
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional());

/** A whole UTC day (`2026-03-01`) or an instant (`2026-03-01T12:00:00Z`). */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const auditQuerySchema = z.object({
  team: optional(z.string().trim().min(1).max(200)),
  actor: optional(z.string().trim().min(1).max(200)),
  action: optional(z.string().trim().min(1).max(100)),
  from: optional(instant),
  /** A day counts whole (inclusive); an instant is exclusive. */
  to: optional(instant),
  cursor: optional(z.string().regex(/^\d{1,18}$/, 'expected the nextCursor of a previous page')),
  limit: optional(z.coerce.number().int().min(1).max(200)).default(50),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const start = (value: string) => new Date(isDay(value) ? `${value}T00:00:00Z` : value);
const end = (value: string) => (isDay(value) ? new Date(Date.parse(`${value}T00:00:00Z`) + DAY_MS) : new Date(value));

/**
 * Audit entries, newest first. With `team`: that team's entries, for its admins and owners
 * (a member or viewer is refused; a non-member is told the team does not exist). Without:
 * the whole install, for instance admins only.
 */
export async function listAuditLog({ ctx, input }: { ctx: ServiceContext; input: AuditQuery }) {
  const query = auditQuerySchema.parse(input);
  const team = query.team ? await requireTeamRole(ctx, query.team, 'admin') : undefined;
  if (!team) requireInstanceAdmin(ctx);
  const from = query.from ? start(query.from) : undefined;
  const to = query.to ? end(query.to) : undefined;
  if (from && to && to <= from) throw new GatewayError('invalid_request', "'to' must not be before 'from'.", { param: 'to' });
  const page = await listAuditEntries(ctx.db, {
    teamId: team?.id,
    actor: query.actor,
    action: query.action,
    from,
    to,
    before: query.cursor ? Number(query.cursor) : undefined,
    limit: query.limit,
  });
  return {
    data: page.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor: page.nextBefore === null ? null : String(page.nextBefore),
  };
}

export type AuditPage = Awaited<ReturnType<typeof listAuditLog>>;
