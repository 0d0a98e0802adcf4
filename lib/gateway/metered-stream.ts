import { GatewayError } from './errors';
import type { PushStream } from './push-stream';
import type { StreamTracker } from './types';

export type StreamEnd = { status: 'success' | 'error' | 'aborted'; error?: GatewayError };

type MeterOptions = {
  tracker: StreamTracker;
  abortUpstream(): void;
  streamError(error: GatewayError): Uint8Array[];
  /** May return a promise (the hold's settlement): the stream's last bytes wait for it, so the client's next request finds the room free. */
  onEnd(end: StreamEnd): void | Promise<void>;
  /** Sees every chunk the client is sent (body capture); must not throw or hold on to the stream. */
  onChunk?(chunk: Uint8Array): void;
};

/** How a stream that reached its end finished: complete, failed in-stream, or cut short (with the bytes that tell the client). */
function settle(options: MeterOptions): { end: StreamEnd; trailer: Uint8Array[] } {
  const { tracker } = options;
  if (tracker.error) return { end: { status: 'error', error: tracker.error }, trailer: [] };
  if (tracker.finishReason === undefined && tracker.usage === undefined) {
    // The upstream closed without finishing: tell the client in its own format.
    const error = new GatewayError('upstream_error', 'The upstream stream ended before the response was complete.');
    return { end: { status: 'error', error }, trailer: options.streamError(error) };
  }
  return { end: { status: 'success' }, trailer: [] };
}

const failed = (cause: unknown) => new GatewayError('upstream_error', `The upstream stream failed: ${(cause as Error)?.message ?? 'connection lost'}`);

/**
 * The client-facing body of a streamed response. However the stream ends (the upstream
 * finishes, fails or is cut, or the client goes away), `onEnd` runs exactly once, so the
 * generation is metered exactly once. A push stream (pass-through) stays one; a web stream
 * (translation) stays one.
 */
export function meteredStream(options: MeterOptions & { source: ReadableStream<Uint8Array> }): ReadableStream<Uint8Array>;
export function meteredStream(options: MeterOptions & { source: PushStream }): PushStream;
export function meteredStream(options: MeterOptions & { source: ReadableStream<Uint8Array> | PushStream }): ReadableStream<Uint8Array> | PushStream;
export function meteredStream(options: MeterOptions & { source: ReadableStream<Uint8Array> | PushStream }): ReadableStream<Uint8Array> | PushStream {
  let ended = false;
  const end = (result: StreamEnd): void | Promise<void> => {
    if (ended) return;
    ended = true;
    return options.onEnd(result);
  };
  /** Ends the client's stream once the generation is settled (at once when there is nothing to wait for). */
  const after = (settled: void | Promise<void>, close: () => void) => (settled ? void settled.then(close) : close());
  const { source } = options;
  if (!(source instanceof ReadableStream)) {
    return {
      start(sink) {
        source.start({
          write: (chunk) => {
            options.onChunk?.(chunk);
            return sink.write(chunk);
          },
          end() {
            if (ended) return;
            const { end: result, trailer } = settle(options);
            for (const bytes of trailer) sink.write(bytes);
            after(end(result), () => sink.end());
          },
          error(cause) {
            if (ended) return;
            const error = failed(cause);
            for (const bytes of options.streamError(error)) sink.write(bytes);
            after(end({ status: 'error', error }), () => sink.end());
          },
        });
      },
      resume: () => source.resume(),
      cancel() {
        options.abortUpstream();
        end({ status: 'aborted' });
        source.cancel();
      },
    };
  }

  const reader = source.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) {
          options.onChunk?.(value);
          controller.enqueue(value);
          return;
        }
        const { end: result, trailer } = settle(options);
        for (const bytes of trailer) controller.enqueue(bytes);
        await end(result);
        controller.close();
      } catch (cause) {
        if (ended) return;
        const error = failed(cause);
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
