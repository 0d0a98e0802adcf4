import { connect, type Socket } from 'node:net';

export type RawResult = {
  /** The response status, or undefined if none came before the socket closed or `waitMs` passed. */
  status: number | undefined;
  headers: string;
  body: string;
  /** Whether the server closed the connection. */
  closed: boolean;
  /** Body bytes this client managed to hand to its socket. */
  sent: number;
  /** The client's local port, which is the server socket's remote port. */
  localPort: number;
};

/**
 * One HTTP/1.1 request over a bare socket, so a test controls what a real client library
 * would not let it: a declared length it never sends in full, a chunked body of any size,
 * and what happens on the wire after the response (is the connection closed?).
 */
export async function rawRequest(
  url: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: { bytes: number; declare?: number | 'chunked' }; waitMs?: number },
): Promise<RawResult> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const localPort = socket.localPort ?? 0;
  const declared = options.body?.declare ?? options.body?.bytes;
  const lines = [`${options.method} ${options.path} HTTP/1.1`];
  if (!options.headers?.host) lines.push(`host: ${hostname}:${port}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  if (declared === 'chunked') lines.push('transfer-encoding: chunked');
  else if (declared !== undefined) lines.push(`content-length: ${declared}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);

  let received = Buffer.alloc(0);
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.on('error', () => {});
  const ended = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
  const responded = () => received.includes('\r\n\r\n');

  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  while (options.body && sent < options.body.bytes && !closed && !responded()) {
    const piece = chunk.subarray(0, Math.min(chunk.length, options.body.bytes - sent));
    const framed = declared === 'chunked' ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
    const flushed = socket.write(framed);
    sent += piece.length;
    if (!flushed) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), ended, new Promise((resolve) => setTimeout(resolve, 200))]);
  }
  // Wait for the whole response (by its length), or the close.
  const deadline = Date.now() + (options.waitMs ?? 3_000);
  while (!closed && Date.now() < deadline && !complete(received)) await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 20))]);
  // The server closes right after a `connection: close` response; give it the moment.
  if (!closed && /connection: close/i.test(received.toString('latin1'))) await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  socket.destroy();
  return { ...parse(received), closed, sent, localPort };
}

function complete(received: Buffer): boolean {
  const head = received.indexOf('\r\n\r\n');
  if (head < 0) return false;
  const length = /content-length: (\d+)/i.exec(received.subarray(0, head).toString('latin1'));
  return length ? received.length - head - 4 >= Number(length[1]) : false;
}

function parse(received: Buffer): Pick<RawResult, 'status' | 'headers' | 'body'> {
  const head = received.indexOf('\r\n\r\n');
  if (head < 0) return { status: undefined, headers: '', body: '' };
  const headers = received.subarray(0, head).toString('latin1');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]), headers, body: received.subarray(head + 4).toString('utf8') };
}

/** Opens a socket and resolves once connected (or closed first); the caller ends it. */
export async function openSocket(url: string): Promise<{ socket: Socket; closed: () => boolean; whenClosed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {});
  let closed = false;
  const whenClosed = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
  await Promise.race([new Promise((resolve) => socket.once('connect', resolve)), whenClosed]);
  return { socket, closed: () => closed, whenClosed };
}
