import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { GatewayError, toGatewayError } from '@/lib/gateway/errors';
import { getRuntime } from '@/lib/runtime';
import type { ServiceContext } from '@/lib/services/context';
import { parseUsageSearch, type UsageSearch } from '@/lib/services/usage/usage-params';

type UsageHandler = (args: { ctx: ServiceContext; team: string; search: UsageSearch; query: URLSearchParams }) => Promise<unknown>;

function errorResponse(error: GatewayError) {
  return Response.json({ error: { code: error.code, message: error.message, param: error.param } }, { status: error.status, headers: { 'cache-control': 'no-store' } });
}

/**
 * The console's usage JSON endpoints: a signed-in viewer of the team (no session redirects
 * to /login, a non-member gets 404), the filters parsed from the query string, one read verb,
 * and errors in the admin API's `{ error: { code, message, param } }` shape.
 */
export function usageRoute(handler: UsageHandler) {
  return async (request: Request, { params }: { params: Promise<{ team: string }> }) => {
    const url = new URL(request.url);
    try {
      const { team } = await params;
      const { ctx, team: found } = await requireConsoleTeam(team, 'viewer');
      const parsed = parseUsageSearch(url.searchParams);
      if (!parsed.success) throw GatewayError.fromZod(parsed.error);
      const body = await handler({ ctx, team: found.id, search: parsed.data, query: url.searchParams });
      // The export streams a download of its own.
      if (body instanceof Response) return body;
      return Response.json(body, { headers: { 'cache-control': 'private, no-store' } });
    } catch (error) {
      // redirect() and notFound() are thrown; Next turns them into responses.
      unstable_rethrow(error);
      if (error instanceof z.ZodError) return errorResponse(GatewayError.fromZod(error));
      const failure = toGatewayError(error);
      if (failure.code === 'internal') (await getRuntime()).logger.error('console usage request failed', { path: url.pathname, error: (error as Error)?.stack ?? String(error) });
      return errorResponse(failure);
    }
  };
}
