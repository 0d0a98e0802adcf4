import { GatewayError } from '../../gateway/errors';
import { requireTeamRole, type ServiceContext } from '../context';
import { resolveRange, toUsageFilter, type UsageSearch } from './usage-params';

/** What every usage read starts with: the viewer role in the team, then the search's time window and filter. */
export async function usageScope(ctx: ServiceContext, input: { team: string; search: UsageSearch; now?: Date }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  try {
    const range = resolveRange(input.search, input.now ?? new Date());
    return { team, range, filter: toUsageFilter(input.search, range) };
  } catch (error) {
    if (error instanceof RangeError) throw new GatewayError('invalid_request', error.message, { param: 'from' });
    throw error;
  }
}

export const serializeRange = (range: { from: Date; to: Date; preset: string; bucket: string }) => ({
  from: range.from.toISOString(),
  to: range.to.toISOString(),
  preset: range.preset,
  bucket: range.bucket,
});
