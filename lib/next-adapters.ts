import { routeAdminRequest } from './admin-api/router';
import { routeGatewayRequest } from './gateway/router';
import { readWebBytes } from './http/body-limit';
import { LazyBodyRequest } from './http/lazy-body-request';
import { getRuntime } from './runtime';

/** The same request, its body read on demand (after authentication) and refused past `limit` bytes. */
function withBodyLimit(request: Request, limit: number): Request {
  if (request.method === 'GET' || request.method === 'HEAD') return request;
  return new LazyBodyRequest(request.url, { method: request.method, headers: request.headers }, () => readWebBytes(request, limit));
}

/** For Next route handlers: the same plain handlers the lean server runs, with the same body limits. */
export async function gatewayRoute(request: Request): Promise<Response> {
  const runtime = await getRuntime();
  return routeGatewayRequest(runtime.gateway, withBodyLimit(request, runtime.env.GATEHOUSE_MAX_BODY_BYTES));
}

export async function adminRoute(request: Request): Promise<Response> {
  const runtime = await getRuntime();
  return routeAdminRequest(runtime, withBodyLimit(request, runtime.env.GATEHOUSE_MAX_ADMIN_BODY_BYTES));
}
