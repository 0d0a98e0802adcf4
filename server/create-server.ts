import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { routeAdminRequest } from '@/lib/admin-api/router';
import { isGatewayPath, routeGatewayRequest, routeModelCall } from '@/lib/gateway/router';
import { CLIENT_ADDRESS_HEADER, createClientAddressResolver } from '@/lib/auth/client-address';
import type { Runtime } from '@/lib/runtime';
import { serveMetrics } from '@/lib/observability/metrics-endpoint';
import { boundConnectionsPerClient } from './connection-bound';
import { nodeGatewayInput, sendReply, sendWebResponse, toWebRequest } from './node-adapter';
import { capBodyForNext, closeIfBodyLeftUnread, continueWhenRead } from './request-body';
import { serverOptions } from './server-options';

export type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * One port, two doors: the gateway and the admin API are plain Web handlers served
 * straight from node:http; everything else (console, playground, auth) goes to Next.
 * Every door reads a body only after authenticating, and no more of it than its limit.
 */
export function createGatehouseServer(runtime: Runtime, next: NextHandler | undefined): Server {
  const { env } = runtime;
  const clientAddress = createClientAddressResolver(env.GATEHOUSE_TRUSTED_PROXIES);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // As the WHATWG URL the handlers parse it into reads it: the path ends at '?' or '#' (a raw
    // request line may carry a fragment), so this router and the handlers agree on the door.
    const pathname = (req.url ?? '/').split(/[?#]/)[0];
    // While draining, each reply closes its connection, so keep-alive clients reconnect to another instance.
    if (runtime.gateway.readiness?.isDraining()) res.setHeader('connection', 'close');
    if (pathname === '/metrics') {
      closeIfBodyLeftUnread(req, res);
      return void serveMetrics(req, res, { metrics: runtime.gateway.telemetry?.metrics, tokens: [runtime.adminToken, env.GATEHOUSE_METRICS_TOKEN] }).catch(() => res.destroy());
    }
    const gateway = isGatewayPath(pathname);
    const admin = pathname.startsWith('/api/admin/');
    if (!gateway && !admin) {
      if (!capBodyForNext(req, res, env.GATEHOUSE_MAX_ADMIN_BODY_BYTES)) return;
      // Sign-in limits count by client address; Next cannot tell a trusted proxy's X-Forwarded-For from a client's.
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req);
      if (next) return void next(req, res);
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'The console is not served by this process.' } }));
      return;
    }
    closeIfBodyLeftUnread(req, res);
    void (async () => {
      try {
        // Model calls, the hot path, go from Node's request to Node's response with no web Request or Response between.
        const input = gateway ? nodeGatewayInput(req, env.GATEHOUSE_MAX_BODY_BYTES) : undefined;
        const modelCall = input ? routeModelCall(runtime.gateway, pathname, req.method ?? 'GET', input) : undefined;
        if (modelCall) return await sendReply(await modelCall, res);
        const request = toWebRequest(req, `http://${req.headers.host ?? 'localhost'}`, env.GATEHOUSE_MAX_ADMIN_BODY_BYTES);
        const response = admin ? await routeAdminRequest(runtime, request) : await routeGatewayRequest(runtime.gateway, request);
        await sendWebResponse(response, res);
      } catch (error) {
        runtime.logger.error('request failed', { path: pathname, error: (error as Error)?.stack ?? String(error) });
        // Once a response has started, appending an error body would corrupt it: drop the connection.
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Internal error', type: 'server_error', param: null, code: 'internal' } }));
      }
    })();
  };
  const server = createServer(serverOptions(env), handle);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    continueWhenRead(req, res);
    handle(req, res);
  });
  if (env.GATEHOUSE_MAX_CONNECTIONS > 0) server.maxConnections = env.GATEHOUSE_MAX_CONNECTIONS;
  boundConnectionsPerClient(server, env.GATEHOUSE_MAX_CONNECTIONS_PER_CLIENT);
  return server;
}
