/**
 * A byte stream that pushes into whoever serves it: the pass-through path's body. The lean
 * server writes it straight to Node's response; `toReadableStream` makes it a web stream for
 * `Response` (Next route handlers, tests).
 *
 * Hand-written rather than a web `ReadableStream`: a pass-through stream went through two web
 * streams and a reader before reaching the socket, a promise and a microtask per chunk per
 * stage, which `npm run bench:profile -- --stream` showed as a large share of a streamed
 * request's CPU. Node streams would do, but this needs only three calls.
 */
export type StreamSink = {
  /** Returns false when the client is not keeping up: the source pauses until `resume`. */
  write(chunk: Uint8Array): boolean;
  end(): void;
  /** The source failed; nothing more follows. */
  error(cause: unknown): void;
};

export type PushStream = {
  /** Starts the flow into `sink`; called once. */
  start(sink: StreamSink): void;
  resume(): void;
  /** The client went away: stop and let go of the source. */
  cancel(): void;
};

export const isPushStream = (body: unknown): body is PushStream => typeof body === 'object' && body !== null && typeof (body as PushStream).start === 'function' && !(body instanceof ReadableStream);

export function toReadableStream(source: PushStream): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.start({
        write(chunk) {
          if (cancelled) return false;
          controller.enqueue(chunk);
          return (controller.desiredSize ?? 1) > 0;
        },
        end() {
          if (!cancelled) controller.close();
        },
        error(cause) {
          if (!cancelled) controller.error(cause);
        },
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      cancelled = true;
      source.cancel();
    },
  });
}
