import { unstable_rethrow } from 'next/navigation';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { toGatewayError } from '@/lib/gateway/errors';
import { isSameOrigin } from '@/lib/http/same-origin';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const noStore = { 'cache-control': 'no-store' };

// POST /api/console/teams/:team/playground-token → { token, expiresAt }
// A short-lived gateway token for the signed-in member's playground: calls made with it are
// priced, debited and logged for the team like any other, with subject user:<id>.
// A browser on another site must not mint one with the member's cookie: cross-origin posts are refused.
export async function POST(request: Request, { params }: { params: Promise<{ team: string }> }) {
  try {
    if (!isSameOrigin(request.headers, (await getRuntime()).env.GATEHOUSE_PUBLIC_URL)) {
      return Response.json({ error: { code: 'forbidden', message: 'Cross-origin requests are refused.' } }, { status: 403, headers: noStore });
    }
    const { team: slug } = await params;
    const { user, team } = await requireConsoleTeam(slug, 'member');
    const runtime = await getRuntime();
    const { token, expiresAt } = runtime.playgroundTokens.issue({ teamId: team.id, userId: user.id });
    return Response.json({ token, expiresAt: expiresAt.toISOString() }, { headers: noStore });
  } catch (error) {
    // redirect() (no session) and notFound() (not a member) are thrown; Next answers them.
    unstable_rethrow(error);
    const failure = toGatewayError(error);
    if (failure.code === 'internal') (await getRuntime()).logger.error('playground token failed', { error: (error as Error)?.stack ?? String(error) });
    return Response.json({ error: { code: failure.code, message: failure.message } }, { status: failure.status, headers: noStore });
  }
}
