import type { ParsedRequest } from './types';
import { UpstreamBodyTooLargeError } from './upstream-dispatch';

/** A JSON answer (a completion, a message, a response) larger than this is refused, not buffered. */
export const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;

/** However many vectors an embedding request asks for, its answer is refused past this. */
const MAX_EMBEDDINGS_BODY_BYTES = 256 * 1024 * 1024;
/** The longest a float of an embedding runs as JSON, with its comma (`-0.012345678901234567,`, or an exponent). */
const EMBEDDING_FLOAT_CHARS = 24;
/** The dimensions assumed when a request names none: as many as the largest common models return by default. */
const DEFAULT_EMBEDDING_DIMENSIONS = 4_096;

/**
 * The largest answer `request` may get: MAX_JSON_BODY_BYTES, and for an embedding request room
 * besides for every vector it asks for. A full batch (2,048 inputs of 1,024 floats, say, about
 * 44 MB of JSON) is a legitimate answer larger than any completion.
 */
export function maxAnswerBytes(request: Pick<ParsedRequest, 'embedding'>): number {
  const embedding = request.embedding;
  if (!embedding) return MAX_JSON_BODY_BYTES;
  const vectors = embedding.values.length * (embedding.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS) * EMBEDDING_FLOAT_CHARS;
  return Math.min(MAX_EMBEDDINGS_BODY_BYTES, MAX_JSON_BODY_BYTES + vectors);
}

/**
 * An event of an upstream's stream still open after this many more bytes (about: counted per
 * upstream chunk) ends the stream: an upstream that never sends the blank line would otherwise
 * grow the parser's buffer until the deadline.
 */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;

export class UpstreamEventTooLargeError extends Error {
  constructor() {
    super(`an event of the upstream's stream is larger than ${MAX_EVENT_BYTES} bytes`);
    this.name = 'UpstreamEventTooLargeError';
  }
}

const BLANK_LINES = ['\n\n', '\r\r', '\r\n\r\n'].map((text) => Buffer.from(text));

/** Where the last blank line in `bytes` ends (0 when one straddles `before` and `bytes`), or -1. */
function lastEventEnd(before: Buffer, bytes: Buffer): number {
  let end = -1;
  for (const blank of BLANK_LINES) {
    const at = bytes.lastIndexOf(blank);
    if (at >= 0) end = Math.max(end, at + blank.length);
  }
  if (end >= 0 || before.length === 0) return end;
  const seam = Buffer.concat([before, bytes.subarray(0, 3)]);
  return BLANK_LINES.some((blank) => seam.includes(blank)) ? 0 : -1;
}

/** Passes the bytes through, and fails the body once an event has run past MAX_EVENT_BYTES. */
function eventBound(): TransformStream<Uint8Array, Uint8Array> {
  let open = 0;
  let before = Buffer.alloc(0);
  return new TransformStream({
    transform(chunk, controller) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const end = lastEventEnd(before, bytes);
      open = end < 0 ? open + bytes.length : bytes.length - end;
      if (open > MAX_EVENT_BYTES) return controller.error(new UpstreamEventTooLargeError());
      // The stream's last three bytes, however small its chunks: a blank line is at most four.
      before = Buffer.from(bytes.length >= 3 ? bytes.subarray(-3) : Buffer.concat([before, bytes]).subarray(-3));
      controller.enqueue(chunk);
    },
  });
}

/** Passes the bytes through, and fails the body once it has run past `limit` bytes. */
function sizeBound(limit: number): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > limit) return controller.error(new UpstreamBodyTooLargeError(limit));
      controller.enqueue(chunk);
    },
  });
}

/**
 * `fetch` for the AI SDK providers of a translated call, whose bodies they buffer: an answer
 * whole, a stream event by event. Each body is held to a limit (`'stream'`: `MAX_EVENT_BYTES`
 * for an event; a number: that many bytes for the whole answer, `MAX_JSON_BODY_BYTES` as the
 * pass-through path keeps), so an upstream that never ends one fails the call, and the upstream
 * is let go, instead of growing the buffer until the deadline.
 */
export function boundedBodies(fetch: typeof globalThis.fetch, limit: 'stream' | number): typeof globalThis.fetch {
  return (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const body = response.body.pipeThrough(limit === 'stream' ? eventBound() : sizeBound(limit));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof globalThis.fetch;
}
