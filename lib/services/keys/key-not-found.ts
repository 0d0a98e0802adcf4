import { GatewayError } from '../../gateway/errors';

/** The one answer for a key id that is unknown, revoked elsewhere or another team's: no id, no team. */
export const keyNotFound = () => new GatewayError('not_found', 'API key not found.');
