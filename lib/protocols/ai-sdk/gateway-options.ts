import type { SharedV4Warning } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { GatewayOptions } from '../../gateway/types';
import { gatewayOptionsSchema } from '../shared/gateway-options';

const unsupported = (feature: string, details: string): SharedV4Warning => ({ type: 'unsupported', feature: `providerOptions.gateway.${feature}`, details });

/**
 * The AI SDK's gateway options → Gatehouse's, validated by the shared schema (every door's).
 * One hosted-gateway shape is adapted here: `models` entries that are conditional decision
 * fallbacks (objects) are dropped, since only decision requests may carry them. Unknown keys
 * come back as `ignored`, and each also becomes an `unsupported` warning the SDK shows.
 */
export function readGatewayOptions(raw: unknown): { options: GatewayOptions; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  if (raw === undefined) return { options: {}, warnings };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new GatewayError('invalid_request', "Invalid request: 'providerOptions.gateway' must be an object", { param: 'providerOptions.gateway' });
  }
  const input: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (Array.isArray(input.models)) {
    const kept = input.models.filter((entry) => typeof entry === 'string');
    if (kept.length !== input.models.length) warnings.push(unsupported('models', 'Conditional decision fallbacks are ignored; plain model ids are kept.'));
    input.models = kept;
  }
  const result = gatewayOptionsSchema.safeParse(input);
  if (!result.success) throw GatewayError.fromZod(result.error, 'providerOptions.gateway.');
  const options = result.data ?? {};
  for (const key of options.ignored ?? []) warnings.push(unsupported(key, 'Gatehouse does not know this option and ignored it.'));
  return { options, warnings };
}
