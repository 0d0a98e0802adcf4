import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPushStream, type PushStream } from '@/lib/gateway/push-stream';
import type { Reply } from '@/lib/gateway/respond';
import type { GatewayInput } from '@/lib/gateway/types';

/**
 * A Web Request whose body was read up front. Building a Request with a body makes a
 * ReadableStream (and its abort plumbing) that the gateway would only drain again with
 * `text()`; this one keeps the text and answers `text()`, `json()` and `arrayBuffer()` from it,
 * which `npm run bench:profile` showed to save a noticeable share of a request's CPU.
 * `body` itself is null: readers use those methods, never the stream.
 */
class BufferedRequest extends Request {
  readonly #text: string;

  constructor(url: URL, init: { method: string; headers: Headers }, text: string) {
    super(url, init);
    this.#text = text;
  }

  override text(): Promise<string> {
    return Promise.resolve(this.#text);
  }

  override json(): Promise<unknown> {
    return Promise.resolve().then(() => JSON.parse(this.#text) as unknown);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.#text);
    return Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
}

/**
 * A model call's input straight from Node's request: headers read from `req.headers` (Node
 * lower-cases names and joins repeated values with ", ", as `Headers.get` does), the body read
 * when the handler asks for it (after authentication) and kept.
 */
export function nodeGatewayInput(req: IncomingMessage): GatewayInput {
  let body: Promise<string> | undefined;
  return {
    headers: {
      get(name: string): string | null {
        const value = req.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: () => (body ??= readBody(req)),
    signal: {
      get aborted() {
        return Boolean(req.socket?.destroyed);
      },
    },
  };
}

/** A Node request as a Web Request; the body is read up front (gateway bodies are small JSON). */
export async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const url = new URL(req.url ?? '/', origin);
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  return new BufferedRequest(url, { method, headers }, await readBody(req));
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
  // Anything but an event stream is a finished document: send it with its length in one write
  // (no chunked encoding, no separate terminating chunk).
  if (!String(headers['content-type'] ?? '').startsWith('text/event-stream')) {
    const body = Buffer.from(await response.arrayBuffer());
    headers['content-length'] = String(body.byteLength);
    res.writeHead(response.status, headers).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  await pipeEventStream(response.body, res);
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
