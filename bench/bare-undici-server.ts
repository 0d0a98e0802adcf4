/**
 * Child process: a bare node:http pass-through proxy that forwards the request
 * body to the upstream with undici (keep-alive pool) and streams the response back. No
 * parsing, no auth, no metering. Measured next to bench/bare-pipe-server.ts (node:http client); the
 * leaner of the two is the floor.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';
import { failChild, serveChild } from './child-ipc';

const upstreamBase = process.env.BENCH_UPSTREAM_URL;
if (!upstreamBase) failChild(new Error('BENCH_UPSTREAM_URL is not set'));

// Idle sockets are dropped after 4 s, before the fake upstream's server closes them (Node's 5 s
// default; its SSE replies send no `keep-alive: timeout` hint): reusing one it has just closed
// fails the request ("other side closed"), which paced streams with idle gaps between cells hit.
const agent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000, connections: 256, pipelining: 1 });
let served = 0;
let failed = 0;

const server = createServer((req, res) => {
  void (async () => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await request(`${upstreamBase}${req.url ?? '/'}`, {
        method: 'POST',
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/json',
          authorization: req.headers.authorization ?? '',
          accept: req.headers.accept ?? '*/*',
        },
        body: Buffer.concat(chunks),
        dispatcher: agent,
      });
      const headers: Record<string, string> = {};
      const contentType = upstream.headers['content-type'];
      if (typeof contentType === 'string') headers['content-type'] = contentType;
      res.writeHead(upstream.statusCode, headers);
      await pipeline(upstream.body, res);
      served++;
    } catch (error) {
      failed++;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    }
  })();
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveChild({ url: `http://127.0.0.1:${port}` }, () => ({ served, failed }));
});
server.on('error', failChild);
