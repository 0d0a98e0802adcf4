import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { passthroughStream } from './passthrough-stream';
import { toReadableStream } from './push-stream';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function setup() {
  const body = new PassThrough();
  const onFinish = vi.fn();
  const stream = toReadableStream(passthroughStream({ body, forward: (message) => [encoder.encode(`<${message.event ?? ''}|${message.data}>`)], onFinish }));
  return { body, onFinish, reader: stream.getReader() };
}

const read = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
  const { done, value } = await reader.read();
  return done ? null : decoder.decode(value);
};

describe('passthroughStream', () => {
  it('turns each upstream chunk into one client chunk, whatever the event boundaries and UTF-8 splits', async () => {
    const { body, onFinish, reader } = setup();
    body.write('event: a\ndata: 1\n\ndata: 2\n\nda');
    expect(await read(reader)).toBe('<a|1><|2>');
    const euro = Buffer.from('€');
    body.write(Buffer.concat([Buffer.from('ta: x'), euro.subarray(0, 1)]));
    body.write(Buffer.concat([euro.subarray(1), Buffer.from('\n\n')]));
    expect(await read(reader)).toBe('<|x€>');
    body.end();
    expect(await read(reader)).toBeNull();
    expect(onFinish).toHaveBeenCalledOnce();
  });

  it('pauses the upstream while the client does not read', async () => {
    const { body, reader } = setup();
    body.write('data: 1\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.isPaused()).toBe(true);
    expect(await read(reader)).toBe('<|1>');
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.isPaused()).toBe(false);
  });

  it('passes an upstream failure on as a stream error, and a cancel on as a destroyed upstream', async () => {
    const failing = setup();
    failing.body.destroy(new Error('socket hang up'));
    await expect(failing.reader.read()).rejects.toThrow('socket hang up');
    expect(failing.onFinish).toHaveBeenCalledOnce();

    const cancelled = setup();
    await cancelled.reader.cancel();
    expect(cancelled.body.destroyed).toBe(true);
    expect(cancelled.onFinish).toHaveBeenCalledOnce();
  });
});
