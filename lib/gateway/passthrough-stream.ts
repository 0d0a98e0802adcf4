import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { PushStream } from './push-stream';
import type { UpstreamBody } from './upstream-dispatch';
import { MAX_EVENT_BYTES, UpstreamEventTooLargeError } from './upstream-limits';

/**
 * The upstream's SSE body (see upstream-dispatch.ts) → the client's bytes, in one stage: decode,
 * parse events with eventsource-parser, let the codec rewrite each, and push everything one
 * upstream chunk produced as a single chunk, so a burst of events costs one socket write.
 *
 * Written out rather than `Readable.toWeb → TextDecoderStream → EventSourceParserStream →
 * TransformStream`: that chain built four web streams per request, and TextDecoderStream's
 * end allocates an Error with a stack trace; `npm run bench:profile -- --stream` showed the
 * chain as the largest share of a streamed request's CPU after the socket writes.
 * Backpressure: the upstream is paused while the client is not reading.
 */
export function passthroughStream(options: { body: Pick<UpstreamBody, 'start' | 'paused' | 'resume' | 'destroy' | 'cancel'>; forward(message: EventSourceMessage): Uint8Array[]; onFinish(): void }): PushStream {
  const { body } = options;
  const decoder = new TextDecoder();
  let out: Uint8Array[] = [];
  /** Bytes fed since the parser last read an event, a comment or a retry. */
  let sinceRead = 0;
  const read = () => {
    sinceRead = 0;
  };
  const parser = createParser({
    onEvent: (message) => {
      read();
      for (const bytes of options.forward(message)) out.push(bytes);
    },
    onComment: read,
    onRetry: read,
  });
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    options.onFinish();
  };
  const take = (): Uint8Array | undefined => {
    if (out.length === 0) return undefined;
    const chunk = out.length === 1 ? out[0] : Buffer.concat(out);
    out = [];
    return chunk;
  };

  return {
    start(sink) {
      body.start({
        data: (data) => {
          try {
            parser.feed(decoder.decode(data, { stream: true }));
            sinceRead += data.length;
            if (sinceRead > MAX_EVENT_BYTES) throw new UpstreamEventTooLargeError();
          } catch (error) {
            body.destroy(error as Error);
            return false;
          }
          const chunk = take();
          return !chunk || sink.write(chunk);
        },
        end: () => {
          parser.feed(decoder.decode());
          finish();
          const chunk = take();
          if (chunk) sink.write(chunk);
          sink.end();
        },
        error: (error) => {
          finish();
          sink.error(error);
        },
      });
    },
    resume() {
      if (body.paused) body.resume();
    },
    cancel() {
      finish();
      body.cancel();
    },
  };
}
