import { APICallError } from '@ai-sdk/provider';
import { findBlockedAddress, findCause } from '../net/guarded-dispatcher';
import { GatewayError } from './errors';
import { UpstreamBodyTooLargeError } from './upstream-dispatch';
import { UpstreamEventTooLargeError } from './upstream-limits';

/** Why an attempt failed, and whether the next attempt may succeed where this one did not. */
export class UpstreamFailure extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
    /** `blocked`: the guard refused the address a team's base URL leads to; nothing was sent. */
    readonly kind: 'http' | 'network' | 'timeout' | 'blocked',
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'UpstreamFailure';
  }

  /** Connection errors, timeouts, 408, 409, 429 and 5xx: worth trying elsewhere. */
  get retriable(): boolean {
    if (this.kind === 'blocked') return false;
    if (this.kind !== 'http' || this.status === undefined) return true;
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }

  /** A BYOK key that is wrong, forbidden or out of quota: the system credential may still work. */
  get credentialProblem(): boolean {
    return this.kind === 'blocked' || this.status === 401 || this.status === 402 || this.status === 403 || this.status === 429;
  }

  get code(): string {
    if (this.kind === 'timeout') return 'timeout';
    if (this.kind === 'network') return 'connection_error';
    if (this.kind === 'blocked') return 'blocked_address';
    return `http_${this.status}`;
  }
}

const MAX_MESSAGE_CHARS = 500;

/**
 * The message inside a provider's error body, whatever its envelope, and nothing else: a base
 * URL may be a team's choice, so a body that is not a provider error (an internal service's
 * JSON, an HTML page) is never passed on to the client.
 */
export function upstreamMessage(body: string): string {
  type Envelope = { error?: { message?: unknown } | string; message?: unknown } | null;
  let parsed: Envelope;
  try {
    parsed = JSON.parse(body) as Envelope;
  } catch {
    parsed = null;
  }
  const message = typeof parsed?.error === 'string' ? parsed.error : typeof parsed?.error?.message === 'string' ? parsed.error.message : parsed?.message;
  return typeof message === 'string' && message.trim() ? message.slice(0, MAX_MESSAGE_CHARS) : 'no error message';
}

function retryAfter(headers: Record<string, string | string[] | undefined> | undefined): number | undefined {
  const value = headers?.['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function toUpstreamFailure(error: unknown, provider: string): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const blocked = findBlockedAddress(error);
  if (blocked) return new UpstreamFailure(undefined, `${provider}: ${blocked.message}`, 'blocked');
  // A body past its limit (upstream-limits.ts), under the provider's wrapper: a bad answer, as on the pass-through path.
  const tooLarge = findCause(error, (cause): cause is Error => cause instanceof UpstreamBodyTooLargeError || cause instanceof UpstreamEventTooLargeError);
  if (tooLarge) return new UpstreamFailure(502, `${provider}: ${tooLarge.message}`, 'http');
  if (APICallError.isInstance(error)) {
    if (error.statusCode === undefined) return new UpstreamFailure(undefined, `${provider}: ${error.message}`, 'network');
    return new UpstreamFailure(error.statusCode, `${provider}: ${upstreamMessage(error.responseBody ?? error.message)}`, 'http', retryAfter(error.responseHeaders));
  }
  const name = (error as { name?: string; code?: string })?.name ?? '';
  const code = (error as { code?: string })?.code ?? '';
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new UpstreamFailure(undefined, `${provider}: timed out`, 'timeout');
  }
  return new UpstreamFailure(undefined, `${provider}: ${(error as Error)?.message ?? 'connection failed'}`, 'network');
}

/** The client's error once every attempt has failed. */
export function finalError(failure: UpstreamFailure, credential: 'byok' | 'system'): GatewayError {
  // 403, not 5xx: retrying cannot help, and SDKs retry 5xx on their own.
  if (failure.kind === 'blocked') {
    return new GatewayError(
      'policy_violation',
      `The team's own (BYOK) credential cannot be used, and nothing was sent (${failure.message}).`,
    );
  }
  if (failure.kind === 'timeout') return new GatewayError('upstream_timeout', `The upstream provider did not respond in time (${failure.message}).`);
  if (failure.kind === 'network') return new GatewayError('upstream_unavailable', `The upstream provider could not be reached (${failure.message}).`);
  const status = failure.status ?? 502;
  if (status === 429) return new GatewayError('rate_limited', `The upstream provider is rate limiting (${failure.message}).`, { retryAfterSeconds: failure.retryAfterSeconds ?? 1 });
  if (status === 401 || status === 403) {
    const whose = credential === 'byok' ? "the team's own (BYOK) credential" : "this Gatehouse's credential";
    return new GatewayError('upstream_error', `The upstream provider rejected ${whose} (${failure.message}).`);
  }
  if (status === 503 || status === 529) return new GatewayError('upstream_unavailable', `The upstream provider is overloaded (${failure.message}).`, { retryAfterSeconds: failure.retryAfterSeconds });
  if (status >= 400 && status < 500) return new GatewayError('invalid_request', `The upstream provider rejected the request: ${failure.message}`, { status: status === 404 ? 400 : status });
  return new GatewayError('upstream_error', `The upstream provider failed (${failure.message}).`);
}
