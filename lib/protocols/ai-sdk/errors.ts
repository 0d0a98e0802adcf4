import type { ErrorCode, GatewayError } from '../../gateway/errors';

/**
 * `error.type` picks the client's error class (`@ai-sdk/gateway` createGatewayErrorFromResponse):
 * authentication_error → GatewayAuthenticationError, invalid_request_error → …InvalidRequest…,
 * model_not_found → …ModelNotFound…, rate_limit_exceeded → …RateLimit…, forbidden, not_found,
 * failed_dependency; anything else → GatewayInternalServerError with the HTTP status.
 * Only a failure of the caller's own Gatehouse key is `authentication_error`: the client
 * replaces its message with "your AI Gateway API key is invalid", so an upstream credential
 * failure (core code `upstream_error`) must never be one.
 */
const typeByCode: Record<ErrorCode, string> = {
  invalid_json: 'invalid_request_error',
  invalid_request: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  unauthorized: 'authentication_error',
  // What the hosted gateway sends; the client has no class for it (GatewayInternalServerError, 402, not retried).
  insufficient_credits: 'insufficient_funds',
  spend_limit_exceeded: 'insufficient_funds',
  budget_exceeded: 'insufficient_funds',
  forbidden: 'forbidden',
  policy_violation: 'forbidden',
  not_found: 'not_found',
  model_not_found: 'model_not_found',
  no_credentials: 'failed_dependency',
  rate_limited: 'rate_limit_exceeded',
  upstream_error: 'internal_server_error',
  upstream_unavailable: 'internal_server_error',
  upstream_timeout: 'internal_server_error',
  usage_log_behind: 'internal_server_error',
  database_unavailable: 'internal_server_error',
  internal: 'internal_server_error',
};

export const aiSdkErrorType = (error: GatewayError) => typeByCode[error.code] ?? 'internal_server_error';

/**
 * `{ error: { message, type, param, code }, generationId }`. `param` is an object for the
 * types whose classes read one (`{ modelId }`, `{ ruleId }`); the endpoint fills `modelId`
 * and `generationId` in, since neither reaches this function.
 */
export function aiSdkErrorBody(error: GatewayError, context: { modelId?: string; generationId?: string } = {}) {
  const type = aiSdkErrorType(error);
  const param = type === 'model_not_found' ? (context.modelId ? { modelId: context.modelId } : null) : error.param;
  return {
    error: { message: error.message, type, param, code: error.code },
    ...(context.generationId ? { generationId: context.generationId } : {}),
  };
}

/** The payload of an in-stream `error` part (opaque to the client, handed to `onError`). */
export function aiSdkStreamErrorPayload(error: GatewayError) {
  return { message: error.message, type: aiSdkErrorType(error), statusCode: error.status, code: error.code };
}
