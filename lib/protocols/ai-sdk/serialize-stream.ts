import type { LanguageModelV4StreamPart, SharedV4ProviderMetadata, SharedV4Warning } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ResponseIdentity, StreamTracker } from '../../gateway/types';
import { sseEvent } from '../sse';
import { fromSdkUsage } from '../shared/usage';
import { aiSdkStreamErrorPayload } from './errors';
import { withGatewayMetadata, withGenerationId } from './provider-metadata';
import type { SpecVersion } from './spec-version';
import { toWireStreamPart, toWireWarnings } from './to-wire';

/** Parts that carry output and `providerMetadata`: the first of them carries the generation id. */
const contentParts = new Set<LanguageModelV4StreamPart['type']>([
  'text-start',
  'text-delta',
  'reasoning-start',
  'reasoning-delta',
  'tool-input-start',
  'tool-call',
  'tool-result',
  'tool-approval-request',
  'file',
  'reasoning-file',
  'source',
  'custom',
]);

/** An in-stream failure: one `error` part, which the client hands to `onError` and ends the step with. */
export function aiSdkStreamError(error: GatewayError): Uint8Array[] {
  return [sseEvent({ type: 'error', error: aiSdkStreamErrorPayload(error) })];
}

function upstreamErrorMessage(error: unknown): string {
  if (error instanceof Error) return `Upstream error: ${error.message}`;
  if (typeof error === 'string') return `Upstream error: ${error}`;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? `Upstream error: ${message}` : 'Upstream error';
}

/**
 * V4 stream parts → `data: <part>` SSE in the client's spec generation. Parse warnings join
 * the upstream's `stream-start`; the generation id rides on the first content part, and the
 * whole gateway metadata (id, cost, routing) on `finish`, where `streamText` reads
 * `providerMetadata`; usage and finish reason are recorded for the meter as they pass.
 */
export function aiSdkStreamSerializer(
  identity: ResponseIdentity,
  options: { version: SpecVersion; warnings: SharedV4Warning[] },
  tracker: StreamTracker,
): TransformStream<LanguageModelV4StreamPart, Uint8Array> {
  const { version } = options;
  let pendingWarnings: SharedV4Warning[] | undefined = options.warnings.length > 0 ? options.warnings : undefined;
  let tagged = false;
  const toolCallsWithInput = new Set<string>();
  tracker.streamError = aiSdkStreamError;

  const markToken = () => {
    tracker.firstTokenAt ??= Date.now();
  };

  return new TransformStream({
    transform(part, controller) {
      const emit = (wire: unknown) => controller.enqueue(sseEvent(wire));
      if (part.type === 'stream-start') {
        emit({ type: 'stream-start', warnings: toWireWarnings([...(pendingWarnings ?? []), ...part.warnings], version) });
        pendingWarnings = undefined;
        return;
      }
      if (pendingWarnings) {
        emit({ type: 'stream-start', warnings: toWireWarnings(pendingWarnings, version) });
        pendingWarnings = undefined;
      }
      switch (part.type) {
        case 'text-delta':
        case 'reasoning-delta':
          if (part.delta) markToken();
          tracker.outputChars += part.delta.length;
          break;
        case 'tool-input-start':
          markToken();
          toolCallsWithInput.add(part.id);
          break;
        case 'tool-input-delta':
          tracker.outputChars += part.delta.length;
          break;
        case 'tool-call':
          markToken();
          // Providers that deliver a whole call without input deltas (Gemini) only count here.
          if (!toolCallsWithInput.has(part.toolCallId)) tracker.outputChars += part.input.length;
          break;
        case 'response-metadata':
          part = { ...part, modelId: identity.model };
          break;
        case 'finish':
          tracker.usage = fromSdkUsage(part.usage);
          tracker.finishReason = part.finishReason.unified;
          part = {
            ...part,
            providerMetadata: withGatewayMetadata(part.providerMetadata, identity, {
              usage: tracker.usage,
              outcome: tracker.error ? { success: false, error: tracker.error.message } : { success: true },
            }),
          };
          break;
        case 'error': {
          const error = new GatewayError('upstream_error', upstreamErrorMessage(part.error));
          tracker.error ??= error;
          for (const bytes of aiSdkStreamError(error)) controller.enqueue(bytes);
          return;
        }
      }
      const wire = toWireStreamPart(part, version);
      if (!wire) return;
      if (!tagged && contentParts.has(part.type)) {
        tagged = true;
        emit({ ...wire, providerMetadata: withGenerationId((wire as { providerMetadata?: SharedV4ProviderMetadata }).providerMetadata, identity) });
        return;
      }
      emit(wire);
    },
  });
}
