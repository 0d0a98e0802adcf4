import { hasUsage, listUsage as listUsageRows } from '@/db/queries/usage-console';
import type { ServiceContext } from '../context';
import { decodeUsageCursor, encodeUsageCursor } from './usage-cursor';
import type { UsageSearch } from './usage-params';
import { serializeRange, usageScope } from './usage-scope';

/**
 * One page of the team's usage log, newest first, for viewers and up. `cursor` is the
 * previous page's `nextCursor`; the response is plain JSON, the same for the server render
 * and the console API.
 */
export async function listUsage({ ctx, input }: { ctx: ServiceContext; input: { team: string; search: UsageSearch; cursor?: string; limit?: number; now?: Date } }) {
  const { team, range, filter } = await usageScope(ctx, input);
  const cursor = input.cursor ? decodeUsageCursor(input.cursor) : undefined;
  const page = await listUsageRows(ctx.db, team.id, { ...filter, cursor, limit: input.limit ?? 50 });
  // An empty first page says "make a first call" only to a team that never has.
  const teamHasUsage = page.rows.length > 0 || cursor !== undefined || (await hasUsage(ctx.db, team.id));
  return {
    data: page.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor: page.nextCursor ? encodeUsageCursor(page.nextCursor) : null,
    range: serializeRange(range),
    teamHasUsage,
  };
}

export type UsagePage = Awaited<ReturnType<typeof listUsage>>;
export type UsageLogItem = UsagePage['data'][number];
