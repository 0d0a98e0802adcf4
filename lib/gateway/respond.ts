import { sseHeaders } from '../protocols/sse';
import type { GatewayError } from './errors';
import { isPushStream, toReadableStream, type PushStream } from './push-stream';
import type { ClientProtocolAdapter } from './types';

/**
 * What a model call answers, before it is anything else: the lean server writes it straight to
 * the Node socket (`server/node-adapter.ts`), the Next route handlers and the other gateway
 * endpoints turn it into a web `Response` with `toResponse`. Building a `Response` (and the web
 * stream behind even a string body) only to read it back cost the lean server CPU on every
 * request (`npm run bench:profile`).
 */
export type Reply = {
  status: number;
  headers: Record<string, string>;
  /** A finished JSON document, or a server-sent event stream. */
  body: string | ReadableStream<Uint8Array> | PushStream;
};

export function toResponse(reply: Reply): Response {
  const body = isPushStream(reply.body) ? toReadableStream(reply.body) : reply.body;
  return new Response(body, { status: reply.status, headers: reply.headers });
}

/** A failure in the client's own envelope, with the headers its SDK acts on. */
export function errorReply(protocol: Pick<ClientProtocolAdapter, 'errorBody'>, error: GatewayError, generationId?: string, extraHeaders: Record<string, string> = {}): Reply {
  const headers: Record<string, string> = { ...extraHeaders, 'content-type': 'application/json' };
  if (generationId) headers['x-generation-id'] = generationId;
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  // Tell SDKs not to retry failures that will not change on a retry.
  if (error.code === 'no_credentials' || error.code === 'internal') headers['x-should-retry'] = 'false';
  return { status: error.status, headers, body: JSON.stringify(protocol.errorBody(error)) };
}

export function errorResponse(protocol: Pick<ClientProtocolAdapter, 'errorBody'>, error: GatewayError): Response {
  return toResponse(errorReply(protocol, error));
}

/** A JSON document that is already text (a pass-through answer with its identity spliced in): sent as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

export function jsonReply(body: unknown, headers: Record<string, string>): Reply {
  headers['content-type'] = 'application/json';
  return { status: 200, headers, body: body instanceof JsonText ? body.text : JSON.stringify(body) };
}

export function streamReply(body: ReadableStream<Uint8Array> | PushStream, headers: Record<string, string>): Reply {
  return { status: 200, headers: { ...sseHeaders, ...headers }, body };
}
