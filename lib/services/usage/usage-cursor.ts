import type { UsageCursor } from '@/db/queries/usage-console';
import { GatewayError } from '../../gateway/errors';

const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** An opaque page token: the last row's microsecond timestamp and generation id. */
export function encodeUsageCursor(cursor: UsageCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.generationId}`, 'utf8').toString('base64url');
}

export function decodeUsageCursor(token: string): UsageCursor {
  const [createdAt, generationId, extra] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !createdAt || !timestamp.test(createdAt) || !generationId || generationId.length > 100) {
    throw new GatewayError('invalid_request', "Query parameter 'cursor' is not a page token from this API.", { param: 'cursor' });
  }
  return { createdAt, generationId };
}
