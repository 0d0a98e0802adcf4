import type { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@/db/unavailable';
import { describeWriteError } from '../billing/write-errors';

/** Every failure the gateway reports; each protocol renders these in its own envelope. */
export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'request_too_large'
  | 'unauthorized'
  | 'insufficient_credits'
  | 'spend_limit_exceeded'
  | 'budget_exceeded'
  | 'forbidden'
  | 'policy_violation'
  | 'not_found'
  | 'model_not_found'
  | 'no_credentials'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'usage_log_behind'
  | 'database_unavailable'
  | 'internal';

const statusByCode: Record<ErrorCode, number> = {
  invalid_json: 400,
  invalid_request: 400,
  request_too_large: 413,
  unauthorized: 401,
  insufficient_credits: 402,
  spend_limit_exceeded: 402,
  budget_exceeded: 402,
  forbidden: 403,
  policy_violation: 403,
  not_found: 404,
  model_not_found: 404,
  no_credentials: 503,
  rate_limited: 429,
  upstream_error: 502,
  upstream_unavailable: 503,
  upstream_timeout: 504,
  usage_log_behind: 503,
  database_unavailable: 503,
  internal: 500,
};

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | null;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: { param?: string | null; status?: number; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? statusByCode[code];
    this.param = options.param ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  static fromZod(error: ZodError, prefix = ''): GatewayError {
    const issue = error.issues[0];
    const param = issue && issue.path.length > 0 ? prefix + issue.path.join('.') : null;
    const where = param ? `'${param}': ` : '';
    return new GatewayError('invalid_request', `Invalid request: ${where}${issue?.message ?? 'malformed body'}`, { param });
  }
}

/** Seconds a client is asked to wait when the database is unreachable: long enough for a failover or a restart to begin. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (isDatabaseUnavailable(error)) {
    return new GatewayError('database_unavailable', "Gatehouse cannot reach its database right now; try again shortly.", { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
  }
  // SQLSTATE class 22 (data exception): a value the client sent that the database cannot store,
  // such as U+0000 in a name or a number out of range. The client's fault, and it says so.
  if (describeWriteError(error).code?.startsWith('22')) {
    return new GatewayError('invalid_request', 'A value in the request cannot be stored (for example it contains U+0000, or a number is out of range).');
  }
  return new GatewayError('internal', 'Internal error');
}
