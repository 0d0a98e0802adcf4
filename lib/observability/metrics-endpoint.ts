import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayMetrics } from './metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

function sendJson(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { message } });
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
}

async function sendMetrics(metrics: GatewayMetrics, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, 'Use GET.', { allow: 'GET, HEAD' });
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Whether `Authorization: Bearer` carries one of `tokens`, compared in constant time. */
function presentsToken(req: IncomingMessage, tokens: readonly string[]): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const presented = digest(match[1].trim());
  let ok = false;
  for (const token of tokens) ok = timingSafeEqual(presented, digest(token)) || ok;
  return ok;
}

/**
 * `GET /metrics` on the main port: never public. It answers the admin token or
 * GATEHOUSE_METRICS_TOKEN; with metrics off, or no token to check against, it is not
 * served at all (404), rather than served to anyone.
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, options: { metrics: GatewayMetrics | undefined; tokens: ReadonlyArray<string | undefined> }) {
  const tokens = options.tokens.filter((token): token is string => Boolean(token));
  if (!options.metrics || tokens.length === 0) {
    return sendJson(res, 404, options.metrics ? 'Metrics need a token: set GATEHOUSE_METRICS_TOKEN or GATEHOUSE_ADMIN_TOKEN, or serve them on GATEHOUSE_METRICS_PORT.' : 'Metrics are off (GATEHOUSE_METRICS=0).');
  }
  if (!presentsToken(req, tokens)) return sendJson(res, 401, 'Metrics need Authorization: Bearer with the admin token or GATEHOUSE_METRICS_TOKEN.', { 'www-authenticate': 'Bearer' });
  await sendMetrics(options.metrics, req, res);
}

/**
 * The token-less metrics listener (GATEHOUSE_METRICS_PORT): only `/metrics`, for a scraper on a
 * private network. It reads no request body and answers nothing else.
 */
export async function startMetricsServer(metrics: GatewayMetrics, port: number, host: string): Promise<Server> {
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 10_000 }, (req, res) => {
    if ((req.url ?? '/').split(/[?#]/)[0] !== '/metrics') return sendJson(res, 404, 'Only /metrics is served here.');
    sendMetrics(metrics, req, res).catch(() => res.destroy());
  });
  server.maxHeadersCount = 50;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  return server;
}

export const metricsServerPort = (server: Server) => (server.address() as AddressInfo).port;
