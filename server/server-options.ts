import type { ServerOptions } from 'node:http';
import type { Env } from '@/lib/env';

/**
 * Slow clients are cut by Node itself: `headersTimeout` bounds the time to send the request
 * headers (slowloris), `requestTimeout` the whole request with its body; both answer 408 and
 * close. Neither limits a response, so long event streams are unaffected. Node checks them
 * every `connectionsCheckingInterval` (30 s by default, longer than a short timeout itself).
 */
export function serverOptions(env: Env): ServerOptions {
  const requestTimeout = env.GATEHOUSE_REQUEST_TIMEOUT_MS;
  // Node refuses a headers timeout longer than the request timeout; the request one bounds both then.
  const headersTimeout = Math.min(env.GATEHOUSE_HEADERS_TIMEOUT_MS, requestTimeout);
  return { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.max(100, Math.floor(headersTimeout / 4)) };
}
