import { GatewayError } from './errors';
import type { StreamTracker } from './types';

export type StreamEnd = { status: 'success' | 'error' | 'aborted'; error?: GatewayError };

/**
 * The client-facing body of a streamed response. However the stream ends (the upstream
 * finishes, fails or is cut, or the client goes away), `onEnd` runs exactly once, so the
 * generation is metered exactly once.
 */
export function meteredStream(options: {
  source: ReadableStream<Uint8Array>;
  tracker: StreamTracker;
  abortUpstream(): void;
  streamError(error: GatewayError): Uint8Array[];
  onEnd(end: StreamEnd): void;
}): ReadableStream<Uint8Array> {
  const reader = options.source.getReader();
  let ended = false;
  const end = (result: StreamEnd) => {
    if (ended) return;
    ended = true;
    options.onEnd(result);
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) {
          controller.enqueue(value);
          return;
        }
        const { tracker } = options;
        if (tracker.error) {
          end({ status: 'error', error: tracker.error });
        } else if (tracker.finishReason === undefined && tracker.usage === undefined) {
          // The upstream closed without finishing: tell the client in its own format.
          const error = new GatewayError('upstream_error', 'The upstream stream ended before the response was complete.');
          for (const bytes of options.streamError(error)) controller.enqueue(bytes);
          end({ status: 'error', error });
        } else {
          end({ status: 'success' });
        }
        controller.close();
      } catch (cause) {
        if (ended) return;
        const error = new GatewayError('upstream_error', `The upstream stream failed: ${(cause as Error)?.message ?? 'connection lost'}`);
        try {
          for (const bytes of options.streamError(error)) controller.enqueue(bytes);
          controller.close();
        } catch {
          // the client is already gone
        }
        end({ status: 'error', error });
      }
    },
    async cancel() {
      options.abortUpstream();
      end({ status: 'aborted' });
      await reader.cancel().catch(() => {});
    },
  });
}
