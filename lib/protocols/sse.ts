import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';

const encoder = new TextEncoder();

/** `data: <json>\n\n`, with an `event:` line when the protocol names its events. */
export function sseEvent(data: unknown, event?: string): Uint8Array {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return encoder.encode(event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`);
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** Upstream bytes → parsed SSE messages. */
export function parseSse(body: ReadableStream<Uint8Array>): ReadableStream<EventSourceMessage> {
  return body.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).pipeThrough(new EventSourceParserStream());
}

export type { EventSourceMessage };
