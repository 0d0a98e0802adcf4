import type { SharedV4Warning } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { GatewayOptions } from '../../gateway/types';
import { gatewayOptionsSchema } from '../shared/gateway-options';

/**
 * `providerOptions.gateway` keys the hosted Vercel gateway understands and Gatehouse does
 * not act on. The AI SDK lets callers set them freely, so a request that names one is
 * served (with an `unsupported` warning) rather than refused.
 */
export const ignoredHostedGatewayKeys = ['caching', 'serviceTier', 'idempotencyKey', 'experimental_streamingImageDecoding'] as const;

const unsupported = (feature: string, details: string): SharedV4Warning => ({ type: 'unsupported', feature: `providerOptions.gateway.${feature}`, details });

/**
 * The AI SDK's gateway options → Gatehouse's, validated by the shared schema. Besides the
 * ignored keys above, three hosted-gateway shapes are adapted:
 * - `providerTimeouts: { byok: { openai: 5000 } }` (hosted: BYOK credentials only) applies to
 *   every credential of that provider here;
 * - `has` entries `quantization:<v>` / `!quantization:<v>` are dropped (no quantization facts);
 * - `models` entries that are conditional decision fallbacks (objects) are dropped.
 */
export function readGatewayOptions(raw: unknown): { options: GatewayOptions; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  if (raw === undefined) return { options: {}, warnings };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new GatewayError('invalid_request', "Invalid request: 'providerOptions.gateway' must be an object", { param: 'providerOptions.gateway' });
  }
  const input: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const key of ignoredHostedGatewayKeys) {
    if (input[key] === undefined) continue;
    delete input[key];
    warnings.push(unsupported(key, 'Gatehouse ignores this hosted-gateway option.'));
  }
  const timeouts = input.providerTimeouts as Record<string, unknown> | undefined;
  if (timeouts && typeof timeouts === 'object' && timeouts.byok && typeof timeouts.byok === 'object') {
    const { byok, ...flat } = timeouts;
    input.providerTimeouts = { ...flat, ...(byok as Record<string, unknown>) };
    warnings.push({ type: 'compatibility', feature: 'providerOptions.gateway.providerTimeouts.byok', details: 'Applied to every credential of the provider, not only BYOK ones.' });
  }
  if (Array.isArray(input.has)) {
    const kept = input.has.filter((entry) => !(typeof entry === 'string' && /^!?quantization:/.test(entry)));
    if (kept.length !== input.has.length) warnings.push(unsupported('has', 'Quantization conditions are ignored.'));
    input.has = kept;
  }
  if (Array.isArray(input.models)) {
    const kept = input.models.filter((entry) => typeof entry === 'string');
    if (kept.length !== input.models.length) warnings.push(unsupported('models', 'Conditional decision fallbacks are ignored; plain model ids are kept.'));
    input.models = kept;
  }
  const result = gatewayOptionsSchema.safeParse(input);
  if (!result.success) throw GatewayError.fromZod(result.error, 'providerOptions.gateway.');
  return { options: result.data ?? {}, warnings };
}
