import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUpstream, UpstreamBody, UpstreamBodyTooLargeError } from './upstream-dispatch';

let server: Server;
let base: string;
const agent = new Agent({ keepAliveTimeout: 1_000 });
/** Open streaming responses, so a test can write to one and see what the client does. */
const streams: ServerResponse[] = [];
let lastBody = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      lastBody = Buffer.concat(chunks).toString();
      if (req.url === '/json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":"h\u00e9"}');
      if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(200_000));
      if (req.url === '/limited') return void res.writeHead(429, { 'retry-after': '7' }).end('{"error":{"message":"slow down"}}');
      if (req.url === '/slow') return; // never answers
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      streams.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of streams) res.destroy();
  server.closeAllConnections();
  await agent.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string, timeouts = { headersTimeout: 5_000 }) =>
  dispatchUpstream(agent, { url: base + path, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}', ...timeouts });

describe('dispatchUpstream', () => {
  it('sends the body and reads a JSON reply as text', async () => {
    const response = await call('/json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(await response.body.text(1_000)).toBe('{"ok":"hé"}');
    expect(lastBody).toBe('{"model":"m"}');
  });

  it('refuses a body past the limit instead of buffering it', async () => {
    const response = await call('/big');
    await expect(response.body.text(100_000)).rejects.toBeInstanceOf(UpstreamBodyTooLargeError);
    // The connection was aborted, and the pool still serves the next call.
    expect(await (await call('/json')).body.text(1_000)).toBe('{"ok":"hé"}');
  });

  it('gives an error status with its headers and body', async () => {
    const response = await call('/limited');
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(await response.body.text(1_000)).toContain('slow down');
  });

  it('rejects when the headers do not come in time, and when nothing listens', async () => {
    await expect(call('/slow', { headersTimeout: 200 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(dispatchUpstream(agent, { url: `http://127.0.0.1:${port}/x`, method: 'POST', headers: {}, body: '', headersTimeout: 1_000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('counts the wait for a connection in the headers timeout', async () => {
    // One connection, held by a call that never gets an answer: the second call waits in the queue.
    const single = new Agent({ connections: 1 });
    try {
      const first = dispatchUpstream(single, { url: `${base}/slow`, method: 'POST', headers: {}, body: '', headersTimeout: 10_000 });
      first.catch(() => {});
      const began = Date.now();
      await expect(dispatchUpstream(single, { url: `${base}/json`, method: 'POST', headers: {}, body: '', headersTimeout: 200 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
      expect(Date.now() - began).toBeLessThan(2_000);
    } finally {
      await single.destroy();
    }
  });

  it('holds chunks that come before the reader starts, pauses while the reader asks, and ends', async () => {
    const response = await call('/stream');
    const upstream = streams.at(-1)!;
    upstream.write('early ');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen: string[] = [];
    let ended = false;
    response.body.start({
      data: (chunk) => {
        seen.push(chunk.toString());
        return seen.length > 1; // a slow client: pause after the first chunk
      },
      end: () => (ended = true),
      error: () => {},
    });
    expect(seen).toEqual(['early ']);
    expect(response.body.paused).toBe(true);
    upstream.write('late');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['early ']);
    response.body.resume();
    upstream.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.join('')).toBe('early late');
    expect(ended).toBe(true);
  });

  it('reports a destroy (a deadline) to the reader as an error and aborts the upstream; a cancel reports nothing', async () => {
    const response = await call('/stream');
    const upstream = streams.at(-1)!;
    const closed = new Promise((resolve) => upstream.once('close', resolve));
    const errors: unknown[] = [];
    response.body.start({ data: () => true, end: () => errors.push('end'), error: (cause) => errors.push(cause) });
    response.body.destroy(new DOMException('deadline', 'TimeoutError'));
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).name).toBe('TimeoutError');
    await closed;

    const second = await call('/stream');
    const secondUpstream = streams.at(-1)!;
    const secondClosed = new Promise((resolve) => secondUpstream.once('close', resolve));
    const events: unknown[] = [];
    second.body.start({ data: () => true, end: () => events.push('end'), error: (cause) => events.push(cause) });
    second.body.cancel();
    await secondClosed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
  });

  it('tells the reader once when a held chunk makes it give up, and delivers nothing after', () => {
    const controller = { paused: false, aborted: false, reason: null as Error | null, pause() { this.paused = true; }, resume() { this.paused = false; }, abort(reason: Error) { this.aborted = true; this.reason = reason; } };
    const body = new UpstreamBody();
    body.attach(controller);
    body.push(Buffer.from('first'));
    body.push(Buffer.from('second'));
    const seen: string[] = [];
    const errors: unknown[] = [];
    body.start({
      data: (chunk) => {
        seen.push(chunk.toString());
        body.destroy(new Error('too much'));
      },
      end: () => errors.push('end'),
      error: (cause) => errors.push(cause),
    });
    expect(seen).toEqual(['first']);
    expect(errors).toHaveLength(1);
    expect(controller.aborted).toBe(true);
  });
});
