import { sseHeaders } from '../protocols/sse';
import type { GatewayError } from './errors';
import type { ClientProtocolAdapter } from './types';

/** A failure in the client's own envelope, with the headers its SDK acts on. */
export function errorResponse(protocol: Pick<ClientProtocolAdapter, 'errorBody'>, error: GatewayError, generationId?: string, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { ...extraHeaders, 'content-type': 'application/json' };
  if (generationId) headers['x-generation-id'] = generationId;
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  // Tell SDKs not to retry failures that will not change on a retry.
  if (error.code === 'no_credentials' || error.code === 'internal') headers['x-should-retry'] = 'false';
  return new Response(JSON.stringify(protocol.errorBody(error)), { status: error.status, headers });
}

export function jsonResponse(body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } });
}

export function streamResponse(body: ReadableStream<Uint8Array>, headers: Record<string, string>): Response {
  return new Response(body, { status: 200, headers: { ...sseHeaders, ...headers } });
}
