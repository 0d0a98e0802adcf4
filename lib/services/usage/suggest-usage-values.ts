import { usageSuggestions, type SuggestField } from '@/db/queries/usage-trends';
import type { ServiceContext } from '../context';
import type { UsageSearch } from './usage-params';
import { usageScope } from './usage-scope';

/** Known values of a filter field in the search's range that contain `query`, for the filter bar's suggestions (viewers and up). */
export async function suggestUsageValues({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { team: string; search: UsageSearch; field: SuggestField; query: string; limit: number; now?: Date };
}) {
  const { team, range } = await usageScope(ctx, input);
  const data = await usageSuggestions(ctx.db, team.id, { field: input.field, query: input.query, from: range.from, to: range.to, limit: input.limit });
  return { field: input.field, data };
}

export type UsageSuggestions = Awaited<ReturnType<typeof suggestUsageValues>>;
