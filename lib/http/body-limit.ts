import { GatewayError } from '../gateway/errors';

function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The 413 every door renders in its own envelope. */
export function bodyTooLarge(limit: number): GatewayError {
  return new GatewayError('request_too_large', `The request body is larger than the ${describeBytes(limit)} this endpoint accepts.`);
}

/** Whether a declared `content-length` is already past the limit, so nothing needs to be read to refuse it. */
export function declaresTooMuch(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  const declared = Number(contentLength);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * A web request's body as text, refused as soon as it is known to pass `limit`: from its
 * `content-length` before a byte is read, else while it streams (chunked uploads), so no more
 * than `limit` bytes are ever held.
 */
export async function readWebBody(request: Request, limit: number): Promise<string> {
  return (await readWebBytes(request, limit)).toString('utf8');
}

/** `readWebBody` as bytes, for multipart uploads that must not be decoded as text. */
export async function readWebBytes(request: Request, limit: number): Promise<Buffer> {
  if (declaresTooMuch(request.headers.get('content-length'), limit)) throw bodyTooLarge(limit);
  return readStreamWithin(request.body, limit, () => bodyTooLarge(limit));
}

/** Reads a stream whole, up to `limit` bytes; past it, cancels the stream and throws `tooLarge()`. */
export async function readStreamWithin(body: ReadableStream<Uint8Array> | null, limit: number, tooLarge: () => Error): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
