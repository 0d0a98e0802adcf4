import { describe, expect, it } from 'vitest';
import { boundedBodies, MAX_EVENT_BYTES, MAX_JSON_BODY_BYTES, maxAnswerBytes } from './upstream-limits';

/** A fetch whose answer's body is `chunks`, and what reading it through `boundedBodies` gives. */
async function read(chunks: Buffer[], stream: boolean): Promise<{ bytes: number } | { error: string }> {
  const fetch = (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      }),
    )) as unknown as typeof globalThis.fetch;
  const response = await boundedBodies(fetch, stream ? 'stream' : MAX_JSON_BODY_BYTES)('http://upstream.test/v1');
  try {
    return { bytes: (await response.arrayBuffer()).byteLength };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** `text` cut into chunks that each end `offset` bytes into a blank line, so every event's end straddles two chunks. */
function cutInsideBlankLines(text: string, blank: string, offset: number): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  for (let at = text.indexOf(blank); at >= 0; at = text.indexOf(blank, at + blank.length)) {
    chunks.push(Buffer.from(text.slice(start, at + offset)));
    start = at + offset;
  }
  chunks.push(Buffer.from(text.slice(start)));
  return chunks;
}

describe('boundedBodies', () => {
  it('passes a stream of small events through, however long, wherever its blank lines are cut', async () => {
    const event = `data: {"content":"${'a'.repeat(64 * 1024)}"}`;
    for (const blank of ['\n\n', '\r\r', '\r\n\r\n']) {
      const text = `${event}${blank}`.repeat(Math.ceil((MAX_EVENT_BYTES * 1.5) / event.length));
      for (let offset = 1; offset < blank.length; offset++) expect(await read(cutInsideBlankLines(text, blank, offset), true)).toEqual({ bytes: text.length });
      // Every blank line in one-byte chunks.
      const bytewise = cutInsideBlankLines(text, blank, blank.length).flatMap((chunk) => [chunk.subarray(0, chunk.length - blank.length), ...[...chunk.subarray(chunk.length - blank.length)].map((byte) => Buffer.from([byte]))]);
      expect(await read(bytewise, true)).toEqual({ bytes: text.length });
      expect(await read([Buffer.from(text)], true)).toEqual({ bytes: text.length });
    }
  });

  it('fails a stream once one event runs past MAX_EVENT_BYTES', async () => {
    const piece = Buffer.alloc(1024 * 1024, 'a');
    const chunks = [Buffer.from('data: {"ok":1}\n\ndata: "'), ...Array.from({ length: MAX_EVENT_BYTES / piece.length + 1 }, () => piece)];
    expect(await read(chunks, true)).toEqual({ error: expect.stringMatching(/event of the upstream's stream is larger than 16777216 bytes/) });
  });

  it('fails an answer past MAX_JSON_BODY_BYTES, and passes one at the limit', async () => {
    const piece = Buffer.alloc(1024 * 1024, 'a');
    const atLimit = Array.from({ length: MAX_JSON_BODY_BYTES / piece.length }, () => piece);
    expect(await read(atLimit, false)).toEqual({ bytes: MAX_JSON_BODY_BYTES });
    expect(await read([...atLimit, Buffer.from('a')], false)).toEqual({ error: expect.stringMatching(/larger than 33554432 bytes/) });
  });

  it('gives an embedding request room for the vectors it asks for, within 256 MiB', () => {
    expect(maxAnswerBytes({})).toBe(MAX_JSON_BODY_BYTES);
    const values = Array.from({ length: 2048 }, () => 'x');
    expect(maxAnswerBytes({ embedding: { values, dimensions: 1024 } })).toBe(MAX_JSON_BODY_BYTES + 2048 * 1024 * 24);
    expect(maxAnswerBytes({ embedding: { values: ['x'] } })).toBe(MAX_JSON_BODY_BYTES + 4096 * 24);
    expect(maxAnswerBytes({ embedding: { values, dimensions: 16_384 } })).toBe(256 * 1024 * 1024);
  });
});
