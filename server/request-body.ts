import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyTooLarge, declaresTooMuch } from '@/lib/http/body-limit';

const awaitingContinue = new WeakMap<IncomingMessage, ServerResponse>();

/**
 * A request that sent `Expect: 100-continue` waits for the go-ahead before sending its body.
 * Node would give it at once; Gatehouse gives it only when a handler reads the body, so a
 * refused request (401, 404, 413) is answered without its body ever being sent.
 */
export function continueWhenRead(req: IncomingMessage, res: ServerResponse): void {
  awaitingContinue.set(req, res);
}

function sendContinue(req: IncomingMessage): void {
  const res = awaitingContinue.get(req);
  if (!res) return;
  awaitingContinue.delete(req);
  if (!res.headersSent) res.writeContinue();
}

/**
 * A request body as text, refused as soon as it is known to pass `limit`: from its
 * `content-length` before a byte is read, else while it streams (chunked uploads). On refusal
 * the request is paused, not drained, so no more than `limit` bytes are ever held; the
 * response then closes the connection (`closeIfBodyLeftUnread`).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return readBodyBytes(req, limit).then((bytes) => bytes.toString('utf8'));
}

/** `readBody` as bytes, for multipart uploads (audio, images) that must not be decoded as text. */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (declaresTooMuch(req.headers['content-length'], limit)) return Promise.reject(bodyTooLarge(limit));
  sendContinue(req);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= limit) return void chunks.push(chunk);
      stop();
      req.pause();
      reject(bodyTooLarge(limit));
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error('The client closed the connection before the body ended.'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** What Node may read and throw away after a response, to keep the connection for the next request. */
const DRAINABLE_BYTES = 64 * 1024;

/**
 * A response sent before the body was read (a 401, 404 or 413 refuses before reading) leaves
 * the body on the wire; Node would then read and discard all of it to keep the connection
 * alive, a 100 MB upload included. Beyond a small body, the response closes the connection
 * instead, unless the body has been read by then.
 */
export function closeIfBodyLeftUnread(req: IncomingMessage, res: ServerResponse): void {
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (length === undefined || Number(length) <= DRAINABLE_BYTES)) return;
  res.setHeader('connection', 'close');
  req.once('end', () => {
    if (!res.headersSent) res.removeHeader('connection');
  });
}

/**
 * For requests Next serves, which reads bodies its own way: a declared length past `limit` is
 * answered 413 before Next sees the request (false: refused); a chunked body is counted as Node
 * hands it over, and the connection is dropped once it passes `limit`, since Next may already
 * be answering by then.
 */
export function capBodyForNext(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  if (declaresTooMuch(req.headers['content-length'], limit)) {
    const error = bodyTooLarge(limit);
    const body = JSON.stringify({ error: { code: error.code, message: error.message } });
    res.writeHead(error.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).end(body);
    return false;
  }
  sendContinue(req);
  if (req.headers['transfer-encoding'] === undefined) return true;
  let total = 0;
  const push = req.push.bind(req);
  // Node's parser delivers each body chunk through `push`; counting there sees every byte before any reader does.
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null && chunk !== undefined) total += (chunk as Buffer).length;
    if (total <= limit) return push(chunk, encoding);
    req.destroy(bodyTooLarge(limit));
    return false;
  };
  return true;
}
