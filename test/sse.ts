import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';

/** SSE bytes → parsed messages, for feeding recorded upstream streams to the pass-through codecs. */
export function parseSse(body: ReadableStream<Uint8Array>): ReadableStream<EventSourceMessage> {
  return body.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).pipeThrough(new EventSourceParserStream());
}
