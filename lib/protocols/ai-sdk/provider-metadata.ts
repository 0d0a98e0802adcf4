import type { SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { ResponseIdentity } from '../../gateway/types';

/** `providerMetadata.gateway.generationId`: the handle for `GET /v1/generation` (and the usage row). */
export function withGatewayMetadata(metadata: SharedV4ProviderMetadata | undefined, identity: ResponseIdentity): SharedV4ProviderMetadata {
  return { ...metadata, gateway: { ...metadata?.gateway, generationId: identity.generationId } };
}
