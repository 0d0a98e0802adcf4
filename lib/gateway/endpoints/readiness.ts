import type { GatewayDeps } from '../deps';

// GET /readyz: unauthenticated, for load balancers and orchestrators. 503 names the failing checks.
export async function readiness(deps: GatewayDeps): Promise<Response> {
  if (!deps.readiness) return Response.json({ status: 'ready', checks: {} });
  const report = await deps.readiness.check();
  return Response.json(
    { status: report.ready ? 'ready' : 'not_ready', checks: report.checks },
    { status: report.ready ? 200 : 503, headers: { 'cache-control': 'no-store', ...(report.ready ? {} : { 'retry-after': '1' }) } },
  );
}
