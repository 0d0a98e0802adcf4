import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../gateway/errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The admin token, compared in constant time. No token configured: the admin API is off. */
export function authenticateAdmin(headers: Headers, adminToken: string | undefined): void {
  if (!adminToken) throw new GatewayError('forbidden', 'The admin API is disabled: set GATEHOUSE_ADMIN_TOKEN to enable it.');
  const match = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '');
  if (!match || !timingSafeEqual(digest(match[1].trim()), digest(adminToken))) {
    throw new GatewayError('unauthorized', 'Invalid admin token.');
  }
}
