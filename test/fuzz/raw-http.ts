import { connect } from 'node:net';

export type RawRequest = {
  method: string;
  /** Sent byte for byte as the request target: no validation, no encoding. */
  target: string;
  /** In order; a name may repeat. Buffer values go out as raw bytes (latin1, invalid UTF-8, …). */
  headers?: Array<[string, string | Buffer]>;
  body?: string | Buffer;
  /** No complete answer by then is a hang. */
  timeoutMs?: number;
};

export type RawResponse = { status: number; headers: Record<string, string>; body: Buffer; text: string };

export class NoAnswer extends Error {}

/**
 * One HTTP/1.1 exchange over a plain socket. `fetch` and `http.request` refuse the requests
 * the fuzz suite exists to send (malformed targets, duplicate or non-ASCII header values,
 * a content-length that lies), so the request is written by hand; the answer is read until
 * the server closes the connection (`connection: close`), then split into head and body.
 */
export function sendRaw(origin: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : (request.body ?? Buffer.alloc(0));
  const lines: Buffer[] = [Buffer.from(`${request.method} ${request.target} HTTP/1.1\r\nhost: ${hostname}:${port}\r\nconnection: close\r\n`, 'latin1')];
  const headers = request.headers ?? [];
  for (const [name, value] of headers) lines.push(Buffer.from(`${name}: `, 'latin1'), typeof value === 'string' ? Buffer.from(value, 'utf8') : value, Buffer.from('\r\n'));
  if (!headers.some(([name]) => name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding')) {
    lines.push(Buffer.from(`content-length: ${body.length}\r\n`));
  }
  lines.push(Buffer.from('\r\n'), body);

  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timeoutMs = request.timeoutMs ?? 10_000;
    let settled = false;
    const settle = (outcome: () => RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(new NoAnswer(`no complete answer to ${request.method} ${request.target.slice(0, 200)} within ${timeoutMs} ms`));
    }, timeoutMs);
    // Complete when the body is (by content-length or the last chunk), not when the server gets round to closing.
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const response = completeResponse(Buffer.concat(chunks));
      if (response) settle(() => response);
    });
    // The server may answer (e.g. 413) and close before it has read everything we wrote.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => settle(() => parseResponse(Buffer.concat(chunks))));
    // Not end(): the server would take our half-close for a client that left, and drop the answer.
    socket.write(Buffer.concat(lines));
  });
}

/** The response, if `raw` already holds all of it. */
function completeResponse(raw: Buffer): RawResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = raw.subarray(0, end).toString('latin1').toLowerCase();
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) return raw.length - end - 4 >= Number(length[1]) ? parseResponse(raw) : undefined;
  if (/\r\ntransfer-encoding:\s*chunked/.test(head)) {
    try {
      return parseResponse(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parseResponse(raw: Buffer): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new NoAnswer(`the connection closed without a complete response head (${raw.length} bytes: ${JSON.stringify(raw.subarray(0, 200).toString('latin1'))})`);
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body, text: body.toString('utf8') };
}

function dechunk(encoded: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = encoded.indexOf('\r\n', at);
    if (lineEnd < 0) throw new NoAnswer('a chunked body ended without its last chunk');
    const size = parseInt(encoded.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new NoAnswer('a chunked body has a malformed chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(encoded.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
