import { describe, expect, it, vi } from 'vitest';
import { passthroughStream } from './passthrough-stream';
import { MAX_EVENT_BYTES } from './upstream-limits';
import { openAIChat } from '../protocols/openai-chat';
import { toReadableStream } from './push-stream';
import { newStreamTracker } from './types';
import { UpstreamBody } from './upstream-dispatch';

/** An upstream body fed by hand, with the dispatch controller it would pause and abort. */
function fakeUpstream() {
  const controller = { paused: false, aborted: false, reason: null as Error | null, pause() { this.paused = true; }, resume() { this.paused = false; }, abort(reason: Error) { this.aborted = true; this.reason = reason; } };
  const body = new UpstreamBody();
  body.attach(controller);
  return { body, controller, write: (chunk: string | Buffer) => body.push(Buffer.from(chunk)), end: () => body.finish() };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function setup() {
  const upstream = fakeUpstream();
  const { body } = upstream;
  const onFinish = vi.fn();
  const stream = toReadableStream(passthroughStream({ body, forward: (message) => [encoder.encode(`<${message.event ?? ''}|${message.data}>`)], onFinish }));
  return { ...upstream, onFinish, reader: stream.getReader() };
}

const read = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
  const { done, value } = await reader.read();
  return done ? null : decoder.decode(value);
};

describe('passthroughStream', () => {
  it('turns each upstream chunk into one client chunk, whatever the event boundaries and UTF-8 splits', async () => {
    const { write, end, onFinish, reader } = setup();
    write('event: a\ndata: 1\n\ndata: 2\n\nda');
    expect(await read(reader)).toBe('<a|1><|2>');
    const euro = Buffer.from('€');
    write(Buffer.concat([Buffer.from('ta: x'), euro.subarray(0, 1)]));
    write(Buffer.concat([euro.subarray(1), Buffer.from('\n\n')]));
    expect(await read(reader)).toBe('<|x€>');
    end();
    expect(await read(reader)).toBeNull();
    expect(onFinish).toHaveBeenCalledOnce();
  });

  it('pauses the upstream while the client does not read', async () => {
    const { write, controller, reader } = setup();
    write('data: 1\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(controller.paused).toBe(true);
    expect(await read(reader)).toBe('<|1>');
    await new Promise((resolve) => setImmediate(resolve));
    expect(controller.paused).toBe(false);
  });

  it('passes an upstream failure on as a stream error, and a cancel on as a destroyed upstream', async () => {
    const failing = setup();
    failing.body.destroy(new Error('socket hang up'));
    await expect(failing.reader.read()).rejects.toThrow('socket hang up');
    expect(failing.onFinish).toHaveBeenCalledOnce();

    const cancelled = setup();
    await cancelled.reader.cancel();
    expect(cancelled.controller.aborted).toBe(true);
    expect(cancelled.onFinish).toHaveBeenCalledOnce();
  });

  it('gives the same client bytes and usage however the upstream splits its SSE across TCP chunks', async () => {
    const chunk = (content: string, extra = '') => `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]${extra}}`;
    const upstream = Buffer.from(
      `data: ${chunk('Hé', ',"usage":null')}\n\n` +
        `data: ${chunk('llo 😀 "id":', ',"usage":null')}\r\n\r\n` +
        `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3}}\n\n` +
        'data: [DONE]\n\n',
    );
    const request = openAIChat.parse({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] }, new Headers());
    const run = async (cuts: number[]) => {
      const tracker = newStreamTracker();
      const forward = openAIChat.passthrough!.createStreamTransformer(request, { generationId: 'gen_01CUT', model: 'openai/gpt-4o', created: 1 }, tracker);
      const fake = fakeUpstream();
      const out = new Response(toReadableStream(passthroughStream({ body: fake.body, forward, onFinish: () => {} }))).text();
      let at = 0;
      for (const cut of [...cuts, upstream.length]) {
        fake.write(upstream.subarray(at, cut));
        at = cut;
      }
      fake.end();
      return { text: await out, usage: tracker.usage, chars: tracker.outputChars };
    };
    const whole = await run([]);
    expect(whole.text).toContain('"id":"gen_01CUT","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o"');
    expect(whole.text).not.toContain('usage');
    expect(whole.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(whole.usage).toMatchObject({ inputTokens: 7, outputTokens: 3 });
    for (let cut = 1; cut < upstream.length; cut++) expect(await run([cut])).toEqual(whole);
    expect(await run(Array.from({ length: upstream.length - 1 }, (_, i) => i + 1))).toEqual(whole);
  });

  it('ends the stream with an error once one event passes MAX_EVENT_BYTES, and not for a long stream of small events', async () => {
    const request = openAIChat.parse({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] }, new Headers());
    const start = (generationId: string) => {
      const fake = fakeUpstream();
      const forward = openAIChat.passthrough!.createStreamTransformer(request, { generationId, model: 'openai/gpt-4o', created: 1 }, newStreamTracker());
      return { ...fake, reader: toReadableStream(passthroughStream({ body: fake.body, forward, onFinish: () => {} })).getReader() };
    };
    const piece = Buffer.alloc(1024 * 1024, 'a');
    for (const lineEnd of ['\n', '\r\n']) {
      const big = start('gen_01BIG');
      big.write(`data: {"id":"c1","model":"m","choices":[]}${lineEnd}${lineEnd}data: {"id":"c1","model":"m","choices":[{"delta":{"content":"`);
      expect(await read(big.reader)).toContain('"id":"gen_01BIG"');
      for (let sent = 0; sent <= MAX_EVENT_BYTES && !big.controller.aborted; sent += piece.length) big.write(piece);
      expect(big.controller.aborted).toBe(true);
      expect(big.controller.reason?.message).toMatch(/larger than 16777216 bytes/);
      await expect(big.reader.read()).rejects.toThrow(/larger than/);
    }
    // More than MAX_EVENT_BYTES in all, in events and keep-alive comments of 1 MiB each: nothing ends it.
    const long = start('gen_01LONG');
    long.write(`data: {"id":"c1","model":"m","choices":[{"delta":{"content":"${'a'.repeat(piece.length)}"}}]}\n\n`);
    expect(await read(long.reader)).toContain('"id":"gen_01LONG"');
    for (let sent = 0; sent <= MAX_EVENT_BYTES; sent += piece.length) long.write(`: ${'k'.repeat(piece.length)}\n\n`);
    long.write('data: [DONE]\n\n');
    expect(await read(long.reader)).toBe('data: [DONE]\n\n');
    expect(long.controller.aborted).toBe(false);
  });
});
