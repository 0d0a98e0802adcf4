import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { GatewayError } from './errors';

/**
 * The provider package refused the call before sending it (bad provider options, a feature the
 * model lacks, options nested deeper than it can serialise): the client's request is at fault,
 * not the upstream, so a 400 rather than a 503. `isInstance` works across the copies of
 * `@ai-sdk/provider` that provider packages may pin. Undefined for any other error.
 */
export function providerRefusal(error: unknown, providerName: string): GatewayError | undefined {
  if (InvalidArgumentError.isInstance(error) || UnsupportedFunctionalityError.isInstance(error)) {
    return new GatewayError('invalid_request', `Invalid request for ${providerName}: ${error.message}`.slice(0, 500), { param: 'providerOptions' });
  }
  if (error instanceof RangeError) return new GatewayError('invalid_request', 'The request is nested too deeply to forward.', { param: 'providerOptions' });
  return undefined;
}
