import type { GatewayError } from '../../gateway/errors';

const typeByStatus: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_quota',
  403: 'permission_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

/** OpenAI's envelope: `{ error: { message, type, param, code } }`. */
export function openAIErrorBody(error: GatewayError) {
  return {
    error: {
      message: error.message,
      type: typeByStatus[error.status] ?? (error.status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: error.param,
      code: error.code,
    },
  };
}
