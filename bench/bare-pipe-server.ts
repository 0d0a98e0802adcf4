/**
 * Child process: the floor. The leanest Node pass-through proxy: `node:http` in and out, a
 * keep-alive `http.Agent` to the upstream, the request piped to the upstream and the upstream's
 * response piped back. No parsing, no auth, no metering, no undici: what any Node gateway costs
 * at the very least. (bench/bare-undici-server.ts is the same proxy with an undici client.)
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failChild, serveChild } from './child-ipc';

const upstreamBase = process.env.BENCH_UPSTREAM_URL;
if (!upstreamBase) failChild(new Error('BENCH_UPSTREAM_URL is not set'));
const upstream = new URL(upstreamBase ?? 'http://127.0.0.1');

const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256, keepAliveMsecs: 30_000 });
let served = 0;
let failed = 0;

const server = createServer((req, res) => {
  const fail = (error: Error) => {
    failed++;
    if (res.headersSent) return void res.destroy(error);
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error) } }));
  };
  const headers: Record<string, string> = {
    'content-type': req.headers['content-type'] ?? 'application/json',
    authorization: req.headers.authorization ?? '',
    accept: req.headers.accept ?? '*/*',
  };
  if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  const upstreamReq = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (upstreamRes) => {
    const contentType = upstreamRes.headers['content-type'];
    res.writeHead(upstreamRes.statusCode ?? 502, contentType ? { 'content-type': contentType } : {});
    upstreamRes.pipe(res);
    upstreamRes.once('end', () => served++);
    upstreamRes.once('error', fail);
  });
  upstreamReq.once('error', fail);
  req.pipe(upstreamReq);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveChild({ url: `http://127.0.0.1:${port}` }, () => ({ served, failed }));
});
server.on('error', failChild);
