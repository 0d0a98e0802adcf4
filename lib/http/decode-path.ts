import { GatewayError } from '../gateway/errors';

/** A percent-encoded path segment, decoded; malformed encoding (`%E0%A4%A`) is the client's error, a 400, not a crash. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GatewayError('invalid_request', 'The request path is not valid percent-encoding.');
  }
}
