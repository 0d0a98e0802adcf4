import { routeAdminRequest } from './admin-api/router';
import { routeGatewayRequest } from './gateway/router';
import { getRuntime } from './runtime';

/** For Next route handlers: the same plain handlers the lean server runs. */
export async function gatewayRoute(request: Request): Promise<Response> {
  return routeGatewayRequest((await getRuntime()).gateway, request);
}

export async function adminRoute(request: Request): Promise<Response> {
  return routeAdminRequest(await getRuntime(), request);
}
