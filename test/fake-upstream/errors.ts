// Provider-specific error envelopes and the HTTP headers that accompany them.
import type { OutgoingHttpHeaders } from 'node:http';
import type { Provider } from './types';

export type ErrorSpec = { status: number; message?: string; type?: string };
export type ErrorReply = { status: number; headers: OutgoingHttpHeaders; body: unknown };

const OPENAI_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['permission_error', null],
  404: ['invalid_request_error', null],
  429: ['requests', 'rate_limit_exceeded'],
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const GEMINI_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const defaultMessage = (status: number, name: string): string =>
  status === 429 ? `Rate limit exceeded (fake upstream "${name}")` : `Simulated ${status} error (fake upstream "${name}")`;

/** Build the error response. `requestId` goes to `x-request-id` (OpenAI) / `request-id` (Anthropic). */
export function errorReply(provider: Provider, e: ErrorSpec, name: string, requestId: string): ErrorReply {
  const status = e.status;
  const message = e.message ?? defaultMessage(status, name);
  const headers: OutgoingHttpHeaders = status === 429 ? { 'retry-after': '1' } : {};
  switch (provider) {
    case 'openai': {
      const [type, code] = OPENAI_TYPES[status] ?? [status >= 500 ? 'server_error' : 'invalid_request_error', null];
      return {
        status,
        headers: { ...headers, 'x-request-id': requestId },
        body: { error: { message, type: e.type ?? type, param: null, code } },
      };
    }
    case 'anthropic': {
      const type = e.type ?? ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
      return {
        status,
        headers: { ...headers, 'request-id': requestId },
        body: { type: 'error', error: { type, message }, request_id: requestId },
      };
    }
    case 'gemini': {
      const statusName = e.type ?? GEMINI_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
      const error: Record<string, unknown> = { code: status, message, status: statusName };
      if (status === 429) error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }];
      return { status, headers, body: { error } };
    }
  }
}
