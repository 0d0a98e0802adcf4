import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPushStream, type PushStream } from '@/lib/gateway/push-stream';
import type { Reply } from '@/lib/gateway/respond';
import type { GatewayInput, HeaderReader } from '@/lib/gateway/types';
import { LazyBodyRequest } from '@/lib/http/lazy-body-request';
import { readBodyBytes } from './request-body';

/**
 * A model call's input straight from Node's request: headers read from `req.headers` (Node
 * lower-cases names and joins repeated values with ", ", as `Headers.get` does), the body read
 * when the handler asks for it (after authentication), at most `bodyLimit` bytes, and kept.
 *
 * Classes, not object literals with a getter: V8 puts a literal's own accessor (`get aborted()`)
 * in an AccessorPair allocated in the old generation, which only a full collection frees. Until
 * then the getter's closure kept the request and all it reached alive through every scavenge: at
 * concurrency 1, 4.5 KB of each request's 65 KB was promoted, against 1.7 KB (its usage row) with
 * this getter and the attempt's (handler.ts) gone, and a 4 s window had 3 full collections
 * against 1 (`BENCH_PROF_KIND=gc npm run bench:profile`, bench/README.md "Profiling").
 */
export function nodeGatewayInput(req: IncomingMessage, bodyLimit: number): GatewayInput {
  return new NodeGatewayInput(req, bodyLimit);
}

class NodeHeaders implements HeaderReader {
  constructor(private readonly req: IncomingMessage) {}

  get(name: string): string | null {
    const value = this.req.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

/** `aborted` once the client's socket is gone. */
class SocketState {
  constructor(private readonly req: IncomingMessage) {}

  get aborted(): boolean {
    return Boolean(this.req.socket?.destroyed);
  }
}

class NodeGatewayInput implements GatewayInput {
  readonly headers: NodeHeaders;
  readonly signal: SocketState;
  #body: Promise<Buffer> | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly bodyLimit: number,
  ) {
    this.headers = new NodeHeaders(req);
    this.signal = new SocketState(req);
  }

  #bytes(): Promise<Buffer> {
    return (this.#body ??= readBodyBytes(this.req, this.bodyLimit));
  }

  text(): Promise<string> {
    return this.#bytes().then((buffer) => buffer.toString('utf8'));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes().then((buffer) => buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  }
}

/**
 * A Node request as a Web Request whose body is read only if the handler asks for it (after
 * authentication), at most `bodyLimit` bytes. A Host header that is no URL authority does not
 * fail the request: routes read only the path and query.
 */
export function toWebRequest(req: IncomingMessage, origin: string, bodyLimit: number): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const url = URL.canParse(req.url ?? '/', origin) ? new URL(req.url ?? '/', origin) : new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  return new LazyBodyRequest(url, { method, headers }, () => readBodyBytes(req, bodyLimit));
}

/** Writes a Web Response to Node (the admin API, and gateway paths other than model calls). */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  // Anything but an event stream or a download (usage exports, produced batch by batch) is a finished
  // document: send it with its length in one write (no chunked encoding, no separate terminating chunk).
  if (!isStreamed(headers)) {
    const body = Buffer.from(await response.arrayBuffer());
    headers['content-length'] = String(body.byteLength);
    res.writeHead(response.status, headers).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  await pipeEventStream(response.body, res);
}

function isStreamed(headers: Record<string, string | string[]>): boolean {
  return String(headers['content-type'] ?? '').startsWith('text/event-stream') || String(headers['content-disposition'] ?? '').startsWith('attachment');
}

/** Writes a gateway `Reply` to Node: a document with its length in one write, or an event stream. */
export async function sendReply(reply: Reply, res: ServerResponse): Promise<void> {
  if (typeof reply.body === 'string') {
    reply.headers['content-length'] = String(Buffer.byteLength(reply.body));
    res.writeHead(reply.status, reply.headers).end(reply.body);
    return;
  }
  res.writeHead(reply.status, reply.headers);
  if (isPushStream(reply.body)) await pushToNode(reply.body, res);
  else await pipeEventStream(reply.body, res);
}

/**
 * Whether the client is gone. A client that leaves while the upstream is still working closes
 * the socket before the reply exists: its 'close' has already fired, so waiting for it (or for
 * 'drain') would wait for ever and the stream would never be metered.
 */
const clientGone = (res: ServerResponse) => res.destroyed || Boolean(res.socket?.destroyed);

/** A push stream into Node's response: paused while the socket is full; cancelled if the client leaves first. */
function pushToNode(source: PushStream, res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    if (clientGone(res)) {
      source.cancel();
      return resolve();
    }
    let ended = false;
    res.on('drain', () => source.resume());
    res.once('close', () => {
      if (!ended) {
        ended = true;
        source.cancel();
      }
      resolve();
    });
    source.start({
      write: (chunk) => !ended && res.write(chunk),
      end() {
        if (ended) return;
        ended = true;
        res.end();
      },
      error() {
        if (ended) return;
        ended = true;
        res.destroy();
      },
    });
  });
}

/**
 * Copies a stream to the client, respecting backpressure. If the client goes away first (even
 * before this starts), the stream is cancelled, which aborts the upstream call and meters what was used.
 */
async function pipeEventStream(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  let clientLeft = false;
  const onClose = () => {
    if (res.writableFinished) return;
    clientLeft = true;
    reader.cancel().catch(() => {});
  };
  if (clientGone(res)) onClose();
  else res.on('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || clientLeft) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
    }
  } catch {
    // cancelled because the client left
  } finally {
    if (!clientLeft) res.end();
  }
}
