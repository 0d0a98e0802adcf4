import { topUsage, type TopUsageBy } from '@/db/queries/usage-console';
import type { ServiceContext } from '../context';
import type { UsageSearch } from './usage-params';
import { serializeRange, usageScope } from './usage-scope';

/** The biggest models, providers, keys or end users of the range by cost, one ranking per `by`. */
export async function getTopUsage({ ctx, input }: { ctx: ServiceContext; input: { team: string; search: UsageSearch; by: TopUsageBy[]; limit: number; now?: Date } }) {
  const { team, range, filter } = await usageScope(ctx, input);
  const rankings = await Promise.all(input.by.map((by) => topUsage(ctx.db, team.id, { ...filter, by, limit: input.limit })));
  const data: Partial<Record<TopUsageBy, (typeof rankings)[number]>> = {};
  input.by.forEach((by, index) => {
    data[by] = rankings[index];
  });
  return { range: serializeRange(range), data };
}

export type TopUsage = Awaited<ReturnType<typeof getTopUsage>>;
export type TopUsageItem = NonNullable<TopUsage['data'][TopUsageBy]>[number];
